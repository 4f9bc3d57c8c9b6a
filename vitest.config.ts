import { defaultExclude, defineConfig } from 'vitest/config';

/**
 * The unit project tests modules on their own, in seconds (`npm run test:unit`): it starts no app
 * and no CLI (nothing of test/harness's startApp, startServer, startChildServer), no browser, no
 * build. Every other test file is a system test (`npm run test:system`), by default: whatever starts
 * the app or the CLI, listens on a port, drives Chromium, kills a server or builds goes there.
 */
const UNIT = [
  'admin-units',
  'content',
  'directory',
  'engine',
  'hsds',
  'insights',
  'i18n-review',
  'bidi-links',
  'search',
  'state',
  'state-background',
  'understanding',
  'truth-units',
  'verified-at',
  'offline-copy',
  'reused-clients',
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
