import { defineConfig } from 'vitest/config';

const include = ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'];
// Tests that measure timing under load (`*.solo.test.ts`) run after all others, one at a time:
// beside the rest of the suite on two cores their figures would measure the suite, not the server.
const solo = ['**/*.solo.test.ts'];
// A browser test walks a whole story through a real server and chromium: on a loaded machine that
// takes longer than a unit test may.
const browser = ['test/browser/**/*.test.ts'];
const excluded = ['**/node_modules/**'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'suite', include, exclude: [...solo, ...browser, ...excluded], sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'browser', include: browser, exclude: [...solo, ...excluded], testTimeout: 120_000, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'solo', include: solo, exclude: excluded, fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
