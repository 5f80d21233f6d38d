import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'genesys-cloud', include: ['test/**/*.test.ts'] },
});
