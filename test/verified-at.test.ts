// `verifiedAt` keeps the precision of its source (issue 3): "2021", "2021-01" or "2021-01-14".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatPartialDate, type Style } from '../src/directory/present/formatEntry.js';
import { formatHit } from '../src/directory/present/formatHit.js';
import { partialDateModule } from '../src/common/partialDate.js';
import { reviewQueue } from '../src/admin/queries.js';
import { isStale } from '../src/directory/rules.js';
import { validateDirectory } from '../src/directory/validate.js';
import { DIRECTORY_SCHEMA_VERSION, type Entry } from '../src/directory/schema.js';
import { loadCatalog } from '../src/i18n/catalog.js';
import { ROOT } from './harness/paths.js';
import { testEntry } from './helpers/entry.js';

const catalog = loadCatalog(join(ROOT, 'locales'));
const STYLES: Record<string, Style> = {
  fr: { locale: 'fr', tag: 'fr-FR', rtl: false },
  en: { locale: 'en', tag: 'en-GB', rtl: false },
  ru: { locale: 'ru', tag: 'ru-RU', rtl: false },
  fa: { locale: 'fa', tag: 'fa-AF', rtl: true },
};

const entry = (over: Partial<Entry> = {}): Entry =>
  testEntry({
    sources: [{ url: 'https://example.org', title: 'Source', date: '2021', attests: 'tout' }],
    verifiedAt: '2021',
    ...over,
  });
const validate = (verifiedAt: string) =>
  validateDirectory({ schemaVersion: DIRECTORY_SCHEMA_VERSION, entries: [entry({ verifiedAt })] });

describe('verifiedAt in the schema', () => {
  it.each(['2021', '2021-01', '2021-01-14', '2024-02-29'])('accepts %s', (date) => {
    const { data, problems } = validate(date);
    expect(problems).toEqual([]);
    expect(data?.entries[0].verifiedAt).toBe(date);
  });

  it.each([
    '2021-13',
    '21-01-01',
    '2021-1',
    '2021-00',
    '2021-01-32',
    '2021-02-30',
    '2023-02-29',
    '2021-01-14T00:00',
    '',
    '1 janv. 2021',
  ])('refuses %j and names the field', (date) => {
    const { data, problems } = validate(date);
    expect(data).toBeUndefined();
    expect(problems.length).toBeGreaterThan(0);
    expect(
      problems.every((p) => p.entry === 'test.entry' && p.field === 'verifiedAt'),
      JSON.stringify(problems),
    ).toBe(true);
  });

  it('is documented in the committed JSON Schema', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'data', 'directory.schema.json'), 'utf8'));
    const field = schema.properties.entries.items.properties.verifiedAt;
    expect(field.description).toMatch(/YYYY-MM-DD/);
    for (const ok of ['2021', '2021-01', '2021-01-14']) expect(new RegExp(field.pattern).test(ok), ok).toBe(true);
    for (const bad of ['2021-13', '21-01-01']) expect(new RegExp(field.pattern).test(bad), bad).toBe(false);
  });

  it('the real directory no longer stores a year- or month-only source as 1 January', () => {
    const entries = validateDirectory(JSON.parse(readFileSync(join(ROOT, 'data', 'directory.json'), 'utf8'))).data!
      .entries;
    const reduced = entries.filter((e) => e.verifiedAt.length < 10);
    expect(reduced.length).toBeGreaterThan(20);
    expect(entries.find((e) => e.id === 'gap.la-cordee')?.verifiedAt).toBe('2013');
    expect(entries.find((e) => e.id === 'national.115')?.verifiedAt).toBe('2021-01');
  });
});

describe('a reduced verifiedAt counts from the start of its period', () => {
  it('for staleness and for the admin review queue, which apply the same rule', () => {
    expect(isStale('2025', Date.parse('2026-01-02T12:00:00Z'))).toBe(true);
    expect(isStale('2025-12', Date.parse('2026-11-27T12:00:00Z'))).toBe(false);
    const at = Date.parse('2026-06-15T12:00:00Z');
    expect(isStale('2025', at) && isStale('2025-06', at)).toBe(true);
    expect(isStale('2025-07', at)).toBe(false);
    const user = { name: 'Alice', role: 'admin' } as never;
    const queue = reviewQueue(
      [
        entry({ id: 'a.day', verifiedAt: '2021-03-02' }),
        entry({ id: 'a.year', verifiedAt: '2021' }),
        entry({ id: 'a.month', verifiedAt: '2021-03' }),
      ],
      user,
      new Date('2026-06-15T12:00:00Z'),
    );
    expect(queue.map((e) => e.id)).toEqual(['a.year', 'a.month', 'a.day']);
  });
});

describe('verifiedAt in the chat', () => {
  const hit = (verifiedAt: string) => ({
    entry: entry({ verifiedAt }),
    locality: 'departement' as const,
    stale: false,
    score: 0,
  });

  it.each([
    ['fr', '2021', 'Informations vérifiées : 2021.'],
    ['en', '2021', 'Information checked: 2021.'],
    ['fr', '2021-01', 'Informations vérifiées : janvier 2021.'],
    ['en', '2021-01', 'Information checked: January 2021.'],
    ['fr', '2021-01-14', 'Informations vérifiées : 14 janvier 2021.'],
    ['en', '2021-01-14', 'Information checked: 14 January 2021.'],
  ])('%s shows %s with its own precision', (lng, verifiedAt, line) => {
    const text = formatHit(hit(verifiedAt), catalog.t(lng), STYLES[lng]);
    expect(text).toContain(line);
    if (verifiedAt.length < 10) expect(text).not.toMatch(/\b1(er)? (January|janvier)\b|January 1\b/);
  });

  it("shows the year in every language, in that language's digits", () => {
    for (const lng of catalog.locales) {
      const style = { locale: lng, tag: catalog.meta[lng]?.tag ?? lng, rtl: false };
      const text = formatHit(hit('2021'), catalog.t(lng), style);
      expect(text, lng).toContain(formatPartialDate('2021', style));
      expect(
        formatPartialDate('2021', style).replace(/[۰-۹]/g, (d) => String('۰۱۲۳۴۵۶۷۸۹'.indexOf(d))),
        lng,
      ).toBe('2021');
    }
  });
});

describe('verifiedAt on the web pages (/static/partialDate.js, generated from the chat formatter)', async () => {
  const source = partialDateModule();
  const { formatPartialDate: web } = (await import(`data:text/javascript,${encodeURIComponent(source)}`)) as {
    formatPartialDate: (date: string, lang: string) => string;
  };

  it('formats a year as the year and a month as "janvier 2021" in the page language', () => {
    expect(web('2021', 'fr')).toBe('2021');
    expect(web('2021', 'en')).toBe('2021');
    expect(web('2021-01', 'fr')).toBe('janvier 2021');
    expect(web('2021-01', 'en')).toBe('January 2021');
    expect(web('2021-01-14', 'fr')).toBe('14 janvier 2021');
    expect(web('2026-11-27T10:15:00.000Z', 'fr')).toBe('27 novembre 2026');
    expect(web('not a date', 'fr')).toBe('not a date');
    expect(web('2021', 'not a language tag!')).toBe('2021');
  });

  it("writes every language as the chat does, from the server's tables (browsers lack Pashto and Tigrinya)", async () => {
    const tags = catalog.locales.map((l) => catalog.meta[l]?.tag ?? l);
    const module = partialDateModule(tags);
    const { formatPartialDate: tabled } = (await import(`data:text/javascript,${encodeURIComponent(module)}`)) as {
      formatPartialDate: (date: string, lang: string) => string;
    };
    for (const date of ['2021', '2021-01', '2021-01-05', '2020-11-27', '2008-06', '2026-02-14T10:00:00Z'])
      for (const [i, lng] of catalog.locales.entries())
        expect(tabled(date, lng), `${date} ${lng}`).toBe(
          formatPartialDate(date, { locale: lng, tag: tags[i], rtl: false }),
        );
    expect(tabled('2021-01-05', 'ps')).not.toMatch(/janvier|January/);
    expect(tabled('2021-01-05', 'ti')).not.toMatch(/M01|janvier|January/);
  });

  it('behaves like the chat (Gregorian calendar, same digits)', () => {
    for (const date of ['2021', '2021-01', '2021-01-14', '2008', '2020-06']) {
      for (const [lang, tag] of [
        ['fr', 'fr-FR'],
        ['en-GB', 'en-GB'],
        ['ar', 'ar'],
        ['fa-AF', 'fa-AF'],
        ['ru', 'ru-RU'],
        ['uk', 'uk-UA'],
      ]) {
        expect(web(date, lang), `${date} ${lang}`).toBe(formatPartialDate(date, { locale: lang, tag, rtl: false }));
      }
    }
  });
});
