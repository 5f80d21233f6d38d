import { defineConfig } from 'tsup';

// The CLI is Node-only and ESM-only: one executable entry.
export default defineConfig({
  entry: { cli: 'src/cli.ts' },
  format: ['esm'],
  sourcemap: true,
  clean: true,
  target: 'node20',
  banner: { js: '#!/usr/bin/env node' },
});
