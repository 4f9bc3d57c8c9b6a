import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadAreas } from '../src/directory/areas.js';
import { parisWallClock, parseHours } from '../src/directory/hours.js';
import { AUDIENCES, STATUSES, THEMES, type Entry } from '../src/directory/schema.js';
import { buildIndex, type Hit, type Query } from '../src/directory/search.js';
import { TopK } from '../src/directory/topK.js';
import { validateDirectory } from '../src/directory/validate.js';
import { ROOT } from './harness/paths.js';
import { referenceSearch, type ReferenceHit } from './helpers/referenceSearch.js';

const areas = loadAreas('05');
const real: Entry[] = validateDirectory(JSON.parse(readFileSync(join(ROOT, 'data', 'directory.json'), 'utf8'))).data!
  .entries;
const AT = new Date('2026-11-27T10:00:00Z');
const communes = [...areas.communes.values()];
const HOURS = [
  'Mo-Fr 09:00-12:00,14:00-17:00; PH off',
  'Mo,We,Fr 09:00-12:00',
  'Tu-Sa 10:00-18:00',
  '24/7',
  'Mo 09:00-10:00',
];
const LANGS = ['fr', 'en', 'ar', 'fa', 'ps', 'ti'];
const THEME_GROUPS = [...new Set(THEMES.map((t) => t.split('.')[0]))];
/** Words of the real names, summaries and towns, some accented or non-Latin: what queries are made of. */
const WORDS = [
  ...new Set(
    [
      ...real.flatMap((e) => `${e.name} ${e.summary.fr}`.split(/[^\p{L}]+/u)),
      ...communes.slice(0, 20).map((c) => c.name),
    ].filter((w) => w.length > 2),
  ),
  'accueil',
  'aide',
  'مساعدة',
  'پناهنده',
  'Œuvre',
  'straße',
  'ﬁnance',
  'İstanbul',
];

const word = fc.constantFrom(...WORDS);
/** A word as people type it: as is, lower case, cut short, or with one letter wrong. */
const typed = fc.tuple(word, fc.integer({ min: 0, max: 4 }), fc.nat()).map(([w, how, n]) => {
  const at = n % w.length;
  return [
    w,
    w.toLowerCase(),
    w.slice(0, Math.max(3, w.length - 2)),
    `${w.slice(0, at)}x${w.slice(at + 1)}`,
    `${w} ${w}`,
  ][how];
});

const entryArb = (i: number) =>
  fc
    .record({
      base: fc.constantFrom(...real),
      // Shared names make text ties, which only the rank (place, language, status, freshness) breaks.
      name: fc.oneof(
        fc.constantFrom(['Accueil de jour'], ['Aide alimentaire']),
        fc.array(fc.oneof(word, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 })), {
          minLength: 1,
          maxLength: 4,
        }),
      ),
      themes: fc.uniqueArray(fc.constantFrom(...THEMES), { minLength: 1, maxLength: 3 }),
      level: fc.constantFrom('commune', 'arrondissement', 'departement', 'region', 'national'),
      commune: fc.constantFrom(...communes),
      status: fc.constantFrom(...STATUSES),
      languages: fc.uniqueArray(fc.constantFrom(...LANGS), { maxLength: 3 }),
      audiences: fc.uniqueArray(fc.constantFrom(...AUDIENCES), { minLength: 1, maxLength: 2 }),
      verifiedDays: fc.integer({ min: 0, max: 900 }),
      hours: fc.option(fc.constantFrom(...HOURS)),
      place: fc.boolean(),
    })
    .map(({ base, name, themes, level, commune, status, languages, audiences, verifiedDays, hours, place }): Entry => ({
      ...base,
      id: `gen.entry-${i}`,
      name: name.join(' ').padEnd(2, '.'),
      themes,
      area: {
        level,
        codes: {
          commune: [commune.code],
          arrondissement: [commune.arrondissement],
          departement: ['05'],
          region: ['93'],
          national: [],
        }[level],
      },
      // Most addresses name their commune: ranking then weighs the distance from the user's commune.
      address: place ? { town: commune.name, inseeCode: commune.code } : { town: commune.name },
      status,
      languagesSpoken: languages,
      audiences,
      verifiedAt: new Date(AT.getTime() - verifiedDays * 86_400_000).toISOString().slice(0, 10),
      hours: hours ? { osm: hours } : undefined,
    }));

const directoryArb = fc
  .integer({ min: 1, max: 80 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => entryArb(i))));

const queryArb: fc.Arbitrary<Query> = fc.record(
  {
    q: fc.oneof(
      fc.array(typed, { minLength: 1, maxLength: 3 }).map((w) => w.join(' ')),
      fc.constantFrom('de la', '  ', 'zzzz'),
    ),
    themes: fc.uniqueArray(fc.constantFrom(...THEMES, ...THEME_GROUPS), { minLength: 1, maxLength: 2 }),
    commune: fc.oneof(
      fc.constantFrom(...communes).map((c) => c.code),
      fc.constantFrom('elsewhere', '99999'),
    ),
    lang: fc.constantFrom(...LANGS),
    languages: fc.uniqueArray(fc.constantFrom(...LANGS), { minLength: 1, maxLength: 2 }),
    audience: fc.constantFrom(...AUDIENCES, 'nobody'),
    openNow: fc.boolean(),
    includeUnpublished: fc.boolean(),
  },
  { requiredKeys: [] },
);

const isOpen = (entry: Entry, at: Date) =>
  !!entry.hours?.osm && parseHours(entry.hours.osm).getState(parisWallClock(at));

/** Scores equal to the 10th significant digit are a tie: sums in another order differ in the last bits. */
const rounded = (score: number) => Number(score.toPrecision(10));

/** The hits grouped by score, each group as sorted ids: the order within a tie is checked separately. */
function byScore(hits: { id: string; score: number }[]): [number, string[]][] {
  const groups = new Map<number, string[]>();
  for (const h of hits)
    (groups.get(rounded(h.score)) ?? groups.set(rounded(h.score), []).get(rounded(h.score))!).push(h.id);
  return [...groups].map(([score, ids]) => [score, ids.sort()]);
}

const view = (h: Hit) => ({ id: h.entry.id, locality: h.locality, stale: h.stale, score: h.score });
const details = (hits: ReferenceHit[] | ReturnType<typeof view>[]) =>
  new Map(hits.map((h) => [h.id, [h.locality, h.stale]]));

describe('the directory index', () => {
  it('finds, filters and ranks as the former MiniSearch implementation did', () => {
    fc.assert(
      fc.property(directoryArb, fc.array(queryArb, { minLength: 1, maxLength: 8 }), (entries, queries) => {
        const index = buildIndex(entries, areas);
        const reference = referenceSearch(entries, areas, isOpen);
        for (const q of queries) {
          const query = { ...q, at: AT };
          const expected = reference(query);
          const actual = index.search({ ...query, limit: Infinity }).map(view);
          expect(byScore(actual), JSON.stringify(query)).toEqual(byScore(expected));
          expect(details(actual)).toEqual(details(expected));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('returns the first hits of the full ranking, and its size, for any page', () => {
    fc.assert(
      fc.property(
        directoryArb,
        queryArb,
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 15 }),
        (entries, q, limit, offset) => {
          const index = buildIndex(entries, areas);
          const query = { ...q, at: AT };
          const all = index.search({ ...query, limit: Infinity }).map((h) => h.entry.id);
          const page = index.page({ ...query, limit, offset });
          expect(page.total).toBe(all.length);
          expect(page.hits.map((h) => h.entry.id)).toEqual(all.slice(offset, offset + limit));
          expect(index.search({ ...query, limit }).map((h) => h.entry.id)).toEqual(all.slice(0, limit));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('still finds the best ranked among equal text matches, wherever they come', () => {
    // Same text everywhere: only place, language, status and freshness order them, then names,
    // here in reverse order of reading: skipping entries that cannot make the page must not skip them.
    const gap = areas.communes.get('05061')!;
    const copy = fc.record({
      area: fc.constantFrom<Entry['area']>(
        { level: 'commune', codes: [gap.code] },
        { level: 'commune', codes: ['05023'] },
        { level: 'arrondissement', codes: [gap.arrondissement] },
        { level: 'departement', codes: ['05'] },
        { level: 'national', codes: [] },
      ),
      status: fc.constantFrom(...STATUSES),
      languagesSpoken: fc.uniqueArray(fc.constantFrom(...LANGS), { maxLength: 2 }),
      verifiedDays: fc.integer({ min: 0, max: 900 }),
    });
    fc.assert(
      fc.property(
        fc.array(copy, { minLength: 1, maxLength: 60 }),
        fc.constantFrom(...LANGS),
        fc.integer({ min: 1, max: 5 }),
        (copies, lang, limit) => {
          const entries = copies.map(({ verifiedDays, ...c }, i): Entry => ({
            ...real[0],
            ...c,
            id: `same.${i}`,
            name: `${real[0].name} n${999 - i}`,
            verifiedAt: new Date(AT.getTime() - verifiedDays * 86_400_000).toISOString().slice(0, 10),
          }));
          const index = buildIndex(entries, areas);
          const query = { q: real[0].name, commune: gap.code, lang, at: AT };
          const all = index.search({ ...query, limit: Infinity }).map((h) => h.entry.id);
          expect(index.search({ ...query, limit }).map((h) => h.entry.id)).toEqual(all.slice(0, limit));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('breaks ties by name, in French order', () => {
    const entries = ['Éclaircie', 'Abri', 'eau vive', 'Zèbre'].map((name, i) => ({
      ...real[0],
      id: `tie.${i}`,
      name,
      status: 'published' as const,
    }));
    const index = buildIndex(entries, areas);
    expect(index.search({ limit: Infinity, at: AT }).map((h) => h.entry.name)).toEqual([
      'Abri',
      'eau vive',
      'Éclaircie',
      'Zèbre',
    ]);
  });
});

describe('TopK', () => {
  it('keeps the k best of any stream, best first, ties by rank', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 60 }),
        fc.integer({ min: 0, max: 70 }),
        (scores, k) => {
          const tieRank = scores.map((_, i) => scores.length - i);
          const top = new TopK(k, scores.length);
          scores.forEach((s, i) => top.offer(i, s, tieRank[i]));
          const sorted = scores.map((_, i) => i).sort((a, b) => scores[b] - scores[a] || tieRank[a] - tieRank[b]);
          expect([...top.drain().items]).toEqual(sorted.slice(0, k));
        },
      ),
    );
  });
});
