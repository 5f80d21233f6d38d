import { defineConfig } from 'vite';

// A plain single-page app: index.html + src/main.ts. The sandbox URL comes from VITE_SANDBOX_URL (see README).
export default defineConfig({
  build: {
    target: 'es2022',
    sourcemap: true,
  },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
