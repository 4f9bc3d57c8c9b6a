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
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

function generate(count: number): Entry[] {
  const rnd = random(42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)];
  const communes = [...areas.communes.values()];
  const words = ['accueil', 'solidarité', 'santé', 'logement', 'emploi', 'français', 'droits', 'jeunes', 'familles', 'femmes', 'permanence', 'centre', 'maison', 'association', 'service', 'aide', 'écoute', 'juridique', 'alimentaire', 'social'];
  return Array.from({ length: count }, (_, i) => {
    const base = real[i % real.length];
    const commune = pick(communes);
    const name = `${pick(words)} ${pick(words)} ${commune.name} ${i}`;
    return {
      ...base,
      id: `gen.entry-${i}`,
      name,
      themes: [pick(THEMES), pick(THEMES)],
      summary: { fr: `${pick(words)} ${pick(words)} ${pick(words)} à ${commune.name}.`, en: `${pick(words)} in ${commune.name}.` },
      area: rnd() < 0.7 ? { level: 'commune', codes: [commune.code] } : rnd() < 0.5 ? { level: 'arrondissement', codes: [commune.arrondissement] } : { level: 'departement', codes: ['05'] },
      address: { town: commune.name, inseeCode: commune.code },
      hours: rnd() < 0.5 ? { osm: 'Mo-Fr 09:00-12:00,14:00-17:00; PH off' } : undefined,
    } as Entry;
  });
}

const QUERIES: Query[] = [
  { q: 'prefecture' }, { q: 'préfecture gap' }, { q: 'mision locale' }, { q: 'restos du coeur' }, { q: 'logemnt' },
  { q: 'cours de francais briancon' }, { themes: ['housing.emergency-shelter'], commune: '05061' }, { themes: ['health'], commune: '05023', lang: 'ar' },
  { themes: ['rights.legal-aid'], commune: '05046', openNow: true }, { q: 'sante', languages: ['fr'] }, { themes: ['basic.food'] }, { q: 'aide juridique embrun' },
];

function measure(label: string, entries: readonly Entry[], rounds: number) {
  const t0 = performance.now();
  const index = buildIndex(entries, areas, () => []);
  const build = performance.now() - t0;
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
  return { label, entries: entries.length, build: build.toFixed(0), p50: pct(50).toFixed(3), p99: pct(99).toFixed(3), queries: times.length };
}

const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const rows = [measure("real data", real, 200), ...(sizes.length ? sizes : [100_000]).map((n) => measure("generated", generate(n), 20))];
console.log('| directory | entries | index build (ms) | query p50 (ms) | query p99 (ms) | queries |');
console.log('|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.label} | ${r.entries} | ${r.build} | ${r.p50} | ${r.p99} | ${r.queries} |`);
