/**
 * Insights micro-benchmark: what counting costs a turn (ns per countTurn, on the engine's real
 * outputs and real search hits), a page search (countSearch), and what a flush of a year of counters
 * costs in the background. Run: npm run bench:insights (writes its section of bench/RESULTS.md).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadContent } from '../src/content.js';
import { loadAreas } from '../src/directory/areas.js';
import { buildIndex } from '../src/directory/search.js';
import { validateDirectory } from '../src/directory/validate.js';
import { initialState, step, type DialogState, type Input } from '../src/engine/step.js';
import { openInsights } from '../src/insights/insights.js';
import type { Shown } from '../src/insights/pathEnd.js';
import { createInterpreters } from '../src/understanding/interpreters.js';
import { writeSection } from './results.js';

const ROOT = join(import.meta.dirname, '..');
const { graph, lexicons } = loadContent(ROOT);
const areas = loadAreas('05');
const interpreters = createInterpreters(lexicons, areas);
const entries = validateDirectory(JSON.parse(readFileSync(join(ROOT, 'data', 'directory.json'), 'utf8'))).data!.entries;
const index = buildIndex(entries, areas);

const turn = (state: DialogState, input: Input) =>
  step(
    graph,
    state,
    input,
    (p) => interpreters.get(p.locale),
    (key) => key,
  );
const press = (state: DialogState, choice: string) => turn(state, { kind: 'value', choice });

// A conversation in Gap: language, commune, housing, "tonight" (contacts), then "menu" (menus only).
const french = press(turn(initialState({}), { kind: 'start' }).state, 'fr');
const gap = { ...french.state, profile: { ...french.state.profile, commune: '05061' } };
const menu = press(gap, 'skip');
const housing = press(menu.state, 'housing');
const contacts = press(housing.state, 'no');
const shown: Shown[] = contacts.outputs
  .filter((o) => o.type === 'resources')
  .map((output) => ({ output, hits: index.search({ themes: output.themes, commune: '05061', limit: output.limit }) }));
const lost = turn(housing.state, { kind: 'text', text: 'qwxz vbnm' });
const backToMenu = turn(contacts.state, { kind: 'value', command: 'menu' });

const dir = mkdtempSync(join(tmpdir(), 'passerelle-bench-insights-'));
const insights = await openInsights(dir, { areas, now: Date.now });

/** Median ns per call over `rounds` rounds of `n` calls, after a warm-up. */
function measure(run: () => void, n = 1_000_000, rounds = 7): number {
  for (let i = 0; i < 200_000; i++) run();
  const perCall: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    for (let i = 0; i < n; i++) run();
    perCall.push(((performance.now() - start) * 1e6) / n);
  }
  return perCall.sort((a, b) => a - b)[Math.floor(rounds / 2)];
}

const rows: [string, number][] = [
  [
    `turn that lists contacts (${shown[0].hits.length} hits)`,
    measure(() => insights.countTurn(contacts.outputs, contacts.state.profile, shown)),
  ],
  ['turn that says "not understood"', measure(() => insights.countTurn(lost.outputs, lost.state.profile, []))],
  ['turn through menus only (nothing counted)', measure(() => insights.countTurn(backToMenu.outputs, {}, []))],
  [
    'search of the /annuaire page',
    measure(() => insights.countSearch({ themes: ['housing'], commune: '05061', languages: ['ar'] }, shown[0].hits)),
  ],
];

// A year of counters: 12 months × 2,000 distinct path ends, 60 entries shown, a few reports.
const counters = insights.counters();
for (let m = 1; m <= 12; m++) {
  const month = `2026-${String(m).padStart(2, '0')}`;
  for (let k = 0; k < 2000; k++)
    counters.addPath(
      month,
      { theme: 'housing', node: `node-${k % 100}`, lang: `l${k % 10}`, area: `a${k % 2}`, outcome: 'local' },
      3,
    );
  for (const e of entries.slice(0, 60)) counters.addShown(month, e.id, 7);
}
const flushStart = performance.now();
await insights.flush();
const flushMs = performance.now() - flushStart;
const bytes = readFileSync(insights.file).length;
rmSync(dir, { recursive: true, force: true });

const load = loadavg().map((l) => l.toFixed(2));
const report = [
  `## Insights micro-benchmark — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  '',
  `Command: \`npm run bench:insights\` (under tsx). Machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}, load average ${load.join(' / ')}. Each row: the median of 7 rounds of 1,000,000 calls after a warm-up, on the engine's real outputs and real search hits (Gap, housing, "tonight").`,
  '',
  '| what is counted | ns per count |',
  '|---|---|',
  ...rows.map(([name, ns]) => `| ${name} | ${ns.toFixed(0)} |`),
  '',
  `Flush of a year of counters (${counters.pathRows().length} path counters, ${(bytes / 1024).toFixed(0)} KiB): ${flushMs.toFixed(1)} ms, in the background every 30 s, never on a turn.`,
  '',
  'For scale: a turn costs about 1,000 µs of server CPU (the bench section above), so counting is a few thousandths of it at most, below what `npm run bench` can tell apart; the numbers move by 2–3× with the load of this shared machine (see the load average).',
].join('\n');
console.log(report);
writeSection('insights', report);
