import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fingerprint } from '../src/i18n/review.js';
import { removeTempDirs, ROOT, tempDir } from './harness/paths.js';

// `npm run i18n -- status` as a maintainer runs it, on a copy of the repository's texts and README.
afterAll(removeTempDirs);

function copy(): string {
  const root = tempDir('passerelle-i18n-cli-');
  cpSync(join(ROOT, 'locales'), join(root, 'locales'), { recursive: true });
  cpSync(join(ROOT, 'README.md'), join(root, 'README.md'));
  return root;
}

const cli = (root: string, ...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/i18n.ts'), 'status', ...args, '--root', root], {
    cwd: ROOT,
    encoding: 'utf8',
  });

describe('npm run i18n -- status', () => {
  it('prints every language, agrees with the repository, and fixes meta.json and the README it derives', () => {
    const root = copy();
    const printed = cli(root);
    expect(printed.status, printed.stderr).toBe(0);
    expect(
      printed.stdout
        .trim()
        .split('\n')
        .map((l) => l.split('\t')[0]),
    ).toEqual(['fr', 'en', 'ar', 'fa', 'ps', 'ti', 'ru', 'uk']);
    expect(cli(root, '--check').status).toBe(0);

    // A reviewer's records for every Tigrinya string make the language reviewed: meta.json and README must follow.
    const fr: Record<string, string> = {};
    const ti: Record<string, string> = {};
    for (const ns of [
      'audio',
      'common',
      'contacts',
      'emergency',
      'health',
      'housing',
      'main',
      'rights',
      'themes',
      'training',
      'web',
    ]) {
      Object.assign(fr, JSON.parse(readFileSync(join(root, 'locales', 'fr', `${ns}.json`), 'utf8')));
      Object.assign(ti, JSON.parse(readFileSync(join(root, 'locales', 'ti', `${ns}.json`), 'utf8')));
    }
    const review = Object.fromEntries(
      Object.keys(ti).map((k) => [k, { fr: fingerprint(fr[k]), text: fingerprint(ti[k]), by: 'R', at: '2026-12-04' }]),
    );
    writeFileSync(join(root, 'locales', 'ti', 'review.json'), JSON.stringify(review));
    const stale = cli(root, '--check');
    expect(stale.status).toBe(1);
    expect(stale.stderr).toContain('ti: meta.json "reviewed" should be true');
    expect(stale.stderr).toContain('provenance table is out of date');
    expect(cli(root, '--write').status).toBe(0);
    expect(JSON.parse(readFileSync(join(root, 'locales', 'ti', 'meta.json'), 'utf8')).reviewed).toBe(true);
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toMatch(
      /\| ti \| ትግርኛ \(Tigrinya\) \| ltr \| machine \| yes \|/,
    );
    expect(cli(root, '--check').status).toBe(0);
    expect(cli(root, '--json').stdout).toContain('"code": "ti"');
  }, 60_000);
});
