import { defaultExclude, defineConfig } from 'vitest/config';

/**
 * The unit project: no server, no browser, no process to kill; it runs in seconds
 * (`npm run test:unit`). Every other test file is a system test (`npm run test:system`): a test that
 * listens on a port, drives Chromium, kills a process or builds the app goes there by default.
 */
const UNIT = [
  'admin-units',
  'content',
  'directory',
  'engine',
  'hsds',
  'languages',
  'search',
  'state',
  'state-background',
  'transcripts',
  'verified-at',
].map((name) => `test/${name}.test.ts`);

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT } },
      {
        extends: true,
        test: { name: 'system', include: ['test/**/*.test.ts'], exclude: [...defaultExclude, ...UNIT] },
      },
    ],
  },
});
