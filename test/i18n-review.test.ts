import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/i18n/catalog.js';
import { checkText } from '../src/i18n/checkContent.js';
import { expectedKeys } from '../src/i18n/keys.js';
import { PROVENANCE_END, PROVENANCE_START, provenanceTable, withProvenance } from '../src/i18n/provenance.js';
import { fingerprint, stringStatus, type ReviewRecord } from '../src/i18n/review.js';
import { languageStatuses, reviewMismatches, stringRows } from '../src/i18n/status.js';
import { removeTempDirs, tempDir } from './harness/paths.js';
import { loadConfig } from '../src/config.js';

afterAll(removeTempDirs);

const meta = (name: string, tag: string, translation: string, reviewed = false) => ({
  name,
  dir: 'ltr',
  tag,
  translation,
  reviewed,
});

/** A locales folder with French, Tigrinya and their files, in a temporary directory. */
function locales(files: Record<string, Record<string, unknown>>): string {
  const dir = tempDir('passerelle-locales-');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path.split('/')[0]), { recursive: true });
    writeFileSync(join(dir, path), JSON.stringify(content));
  }
  return dir;
}

const review = (fr: string, text: string): ReviewRecord => ({
  fr: fingerprint(fr),
  text: fingerprint(text),
  by: 'Reviewer',
  at: '2026-12-04',
});

describe('review fingerprints', () => {
  it('are short, stable and blind to Unicode normalisation', () => {
    expect(fingerprint('Réfugié')).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprint('Réfugié')).toBe(fingerprint('Re\u0301fugie\u0301'));
    expect(fingerprint('Réfugié')).not.toBe(fingerprint('Réfugiée'));
  });

  it.each([
    ['no translation', undefined, 'Bonjour', undefined, 'to-review'],
    ['no review', undefined, 'Bonjour', 'Selam', 'to-review'],
    ['reviewed against this French and this text', review('Bonjour', 'Selam'), 'Bonjour', 'Selam', 'reviewed'],
    ['French edited since', review('Bonjour', 'Selam'), 'Bonjour !', 'Selam', 'stale'],
    ['translation edited since', review('Bonjour', 'Selam'), 'Bonjour', 'Selam!', 'stale'],
  ] as const)('%s → %s', (_what, rec, fr, text, expected) => {
    expect(stringStatus(rec, fr, text)).toBe(expected);
  });

  it('editing the French puts a reviewed translation back to review (stale), in files as written', () => {
    const files = {
      'fr/meta.json': meta('Français', 'fr-FR', 'source'),
      'fr/common.json': { 'common.a': 'Bonjour', 'common.b': 'Au revoir' },
      'ti/meta.json': meta('ትግርኛ', 'ti-ER', 'machine'),
      'ti/common.json': { 'common.a': 'ሰላም', 'common.b': 'ደሓን' },
      'ti/review.json': { 'common.a': review('Bonjour', 'ሰላም'), 'common.b': review('Au revoir', 'ደሓን') },
    };
    const before = loadCatalog(locales(files));
    expect(stringRows(before, 'ti').map((r) => r.status)).toEqual(['reviewed', 'reviewed']);
    expect(reviewMismatches(before)).toEqual([expect.stringContaining('ti: meta.json says "reviewed": false')]);

    const edited = loadCatalog(
      locales({
        ...files,
        'fr/common.json': { 'common.a': 'Bonjour !', 'common.b': 'Au revoir' },
        'ti/meta.json': meta('ትግርኛ', 'ti-ER', 'machine', true),
      }),
    );
    expect(stringRows(edited, 'ti').map((r) => [r.key, r.status])).toEqual([
      ['common.a', 'stale'],
      ['common.b', 'reviewed'],
    ]);
    const ti = languageStatuses(edited).find((s) => s.code === 'ti')!;
    expect(ti).toMatchObject({ reviewed: false, strings: { total: 2, reviewed: 1, toReview: 0, stale: 1 } });
    expect(reviewMismatches(edited)).toEqual([expect.stringContaining('ti: meta.json says "reviewed": true')]);
  });

  it('rejects a review.json that is not records of fingerprints', () => {
    const dir = locales({
      'fr/meta.json': meta('Français', 'fr-FR', 'source'),
      'fr/common.json': { 'common.a': 'Bonjour' },
      'fr/review.json': { 'common.a': { fr: 'abc', by: '' } },
    });
    expect(() => loadCatalog(dir)).toThrow(/fr\/review\.json is invalid/);
  });

  it("expects every plural form of the language's own rules, staff texts only in French and English", () => {
    const texts = { fr: { 'common.n_one': '1 lieu', 'common.n_other': '{{count}} lieux', 'admin.x': 'X' } };
    expect(expectedKeys(texts, 'ar', 'ar').sort()).toEqual(
      ['few', 'many', 'one', 'other', 'two', 'zero'].map((c) => `common.n_${c}`),
    );
    expect(expectedKeys(texts, 'en', 'en-GB').sort()).toEqual(['admin.x', 'common.n_one', 'common.n_other']);
  });
});

describe('a translator edit is checked before it is written', () => {
  it.each([
    ['Vérifié : {{date}}', 'ተረጋጊጹ፡ {{date}}', []],
    ['Vérifié : {{date}}', 'ተረጋጊጹ', ['uses {{}} but French uses {{date}}']],
    ['Vérifié : {{date}}', '{{when}}', ['uses {{when}} but French uses {{date}}']],
    ['Menu', '   ', ['empty']],
    ['Menu', 'x'.repeat(41), ['41 characters; at most 40']],
    ['Menu', 'ok\u202eko', ['control or bidi override']],
  ])('"%s" → "%s"', (fr, text, problems) => {
    const messages = checkText(fr, text).map((p) => p.message);
    expect(messages).toHaveLength(problems.length);
    problems.forEach((p, i) => expect(messages[i]).toContain(p));
  });
});

describe('the README provenance table', () => {
  it('is derived from the statuses and replaced between its markers only', () => {
    const dir = locales({
      'fr/meta.json': { ...meta('Français', 'fr-FR', 'source'), englishName: 'French' },
      'fr/common.json': { 'common.a': 'Bonjour' },
      'fr/review.json': { 'common.a': review('Bonjour', 'Bonjour') },
    });
    const catalog = loadCatalog(dir);
    const table = provenanceTable(languageStatuses(catalog), catalog.meta);
    expect(table.split('\n')[2]).toBe('| fr | Français (French) | ltr | source | yes | 1 / 1 | 0 | 0 |');
    const readme = `# X\n${PROVENANCE_START}\nold\n${PROVENANCE_END}\nafter\n`;
    expect(withProvenance(readme, table)).toBe(`# X\n${PROVENANCE_START}\n${table}\n${PROVENANCE_END}\nafter\n`);
    expect(withProvenance('# no markers', table)).toBeUndefined();
  });
});

describe('configuration of the quick exit and the texts folder', () => {
  it('has a neutral default, accepts an http(s) URL, refuses anything else with one message', () => {
    expect(loadConfig({}, '/srv/p')).toMatchObject({
      quickExitUrl: 'https://meteofrance.com/',
      localesDir: '/srv/p/locales',
    });
    expect(
      loadConfig({ QUICK_EXIT_URL: 'https://www.google.fr/', LOCALES_DIR: '/data/texts' }, '/srv/p'),
    ).toMatchObject({
      quickExitUrl: 'https://www.google.fr/',
      localesDir: '/data/texts',
    });
    for (const bad of ['javascript:alert(1)', '/exit', 'not a url'])
      expect(() => loadConfig({ QUICK_EXIT_URL: bad }, '/srv/p'), bad).toThrow(/QUICK_EXIT_URL/);
  });
});
