import { defineConfig } from 'vitest/config';

const include = ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'];
// Tests that measure timing under load (`*.solo.test.ts`) run after all others, one at a time:
// beside the rest of the suite on two cores their figures would measure the suite, not the server.
const solo = ['**/*.solo.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'suite', include, exclude: [...solo, '**/node_modules/**'], sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'solo', include: solo, exclude: ['**/node_modules/**'], fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
