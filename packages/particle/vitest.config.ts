import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'particle', include: ['test/**/*.test.ts'] },
});
