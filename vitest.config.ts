import { defineConfig } from 'vitest/config';

// One vitest run covers every workspace; each package keeps its tests in its own test/ folder.
export default defineConfig({
  test: {
    projects: ['packages/*', 'examples/*', 'bench'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
