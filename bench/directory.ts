/**
 * Directory benchmark: index build time and query latency (p50/p99) on the real data and on a
 * generated directory of 100,000 entries. Run: npm run bench:directory
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadAreas } from '../src/directory/areas.js';
import { buildIndex, type Query } from '../src/directory/search.js';
import { validateDirectory } from '../src/directory/validate.js';
import { THEMES, type Entry } from '../src/directory/schema.js';

const ROOT = join(import.meta.dirname, '..');
const areas = loadAreas('05');
const real = validateDirectory(JSON.parse(readFileSync(join(ROOT, 'data', 'directory.json'), 'utf8'))).data!.entries;

/** Deterministic pseudo-random numbers, so every run measures the same directory. */
function random(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

/**
 * A directory of `count` entries shaped like the real one: names made of the real entries' words,
 * a syllable-built proper name and a town; summaries from the real ones; 25 themes; most entries local.
 */
function generate(count: number): Entry[] {
  const rnd = random(42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)];
  const communes = [...areas.communes.values()];
  const words = [
    ...new Set(real.flatMap((e) => `${e.name} ${e.summary.fr}`.toLowerCase().split(/[^\p{L}]+/u)).values()),
  ].filter((w) => w.length > 3);
  const syllables = [
    'ba',
    'lo',
    'ri',
    'ne',
    'ta',
    'mo',
    'su',
    'vi',
    'ca',
    'de',
    'fa',
    'gu',
    'ja',
    'ke',
    'li',
    'mu',
    'po',
    'ra',
    'se',
    'tu',
  ];
  const properName = () => Array.from({ length: 2 + Math.floor(rnd() * 3) }, () => pick(syllables)).join('');
  return Array.from({ length: count }, (_, i) => {
    const base = real[i % real.length];
    const commune = pick(communes);
    const roll = rnd();
    return {
      ...base,
      id: `gen.entry-${i}`,
      name: `${pick(words)} ${properName()} ${commune.name}`,
      themes: [pick(THEMES), pick(THEMES)],
      summary: { ...base.summary, fr: `${base.summary.fr} ${pick(words)} ${pick(words)}.` },
      area:
        roll < 0.7
          ? { level: 'commune', codes: [commune.code] }
          : roll < 0.85
            ? { level: 'arrondissement', codes: [commune.arrondissement] }
            : { level: 'departement', codes: ['05'] },
      address: { town: commune.name, inseeCode: commune.code },
      hours:
        rnd() < 0.5
          ? {
              osm: pick(['Mo-Fr 09:00-12:00,14:00-17:00; PH off', 'Mo,We,Fr 09:00-12:00', 'Tu-Sa 10:00-18:00', '24/7']),
            }
          : undefined,
    };
  });
}

const QUERIES: Query[] = [
  { q: 'prefecture' },
  { q: 'préfecture gap' },
  { q: 'mision locale' },
  { q: 'restos du coeur' },
  { q: 'logemnt' },
  { q: 'cours de francais briancon' },
  { themes: ['housing.emergency-shelter'], commune: '05061' },
  { themes: ['health'], commune: '05023', lang: 'ar' },
  { themes: ['rights.legal-aid'], commune: '05046', openNow: true },
  { q: 'sante', languages: ['fr'] },
  { themes: ['basic.food'] },
  { q: 'aide juridique embrun' },
  // One common word, a town alone, a town with a typo: the most matches (a third of the entries for "aide").
  { q: 'aide' },
  { q: 'gap' },
  { q: 'embrn' },
];

function measure(label: string, entries: readonly Entry[], rounds: number) {
  const t0 = performance.now();
  const index = buildIndex(entries, areas, () => []);
  const build = performance.now() - t0;
  // The first pass after a build runs code V8 has not optimised yet and collects the build's garbage:
  // timed apart (what the first searches after an admin edit see), then the steady state is measured.
  let cold = 0;
  for (const q of QUERIES) {
    const s = performance.now();
    index.search({ ...q, limit: 10 });
    cold = Math.max(cold, performance.now() - s);
  }
  const times: number[] = [];
  const perQuery = new Map<string, number>();
  for (let r = 0; r < rounds; r++) {
    for (const q of QUERIES) {
      const s = performance.now();
      index.search({ ...q, limit: 10 });
      const ms = performance.now() - s;
      times.push(ms);
      perQuery.set(JSON.stringify(q), Math.max(perQuery.get(JSON.stringify(q)) ?? 0, ms));
    }
  }
  if (process.env.BENCH_VERBOSE) for (const [q, ms] of perQuery) console.error(`${ms.toFixed(2)} ms max  ${q}`);
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))];
  return {
    label,
    entries: entries.length,
    build: build.toFixed(0),
    cold: cold.toFixed(1),
    p50: pct(50).toFixed(3),
    p99: pct(99).toFixed(3),
    queries: times.length,
  };
}

const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const rows = [
  measure('real data', real, 200),
  ...(sizes.length ? sizes : [100_000]).map((n) => measure('generated', generate(n), 50)),
];
console.log(
  '| directory | entries | index build (ms) | slowest query of the first pass after the build (ms) | query p50 (ms) | query p99 (ms) | queries |',
);
console.log('|---|---|---|---|---|---|---|');
for (const r of rows)
  console.log(`| ${r.label} | ${r.entries} | ${r.build} | ${r.cold} | ${r.p50} | ${r.p99} | ${r.queries} |`);
