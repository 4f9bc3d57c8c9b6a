/**
 * `npx tsx bench/nlu.ts`: the classifier's cost, for bench/RESULTS.md. Training time of the eight
 * languages at start-up (createInterpreters), then per language the mean cost of one need
 * classification and of one engine step on the held-out sentences (after a warm-up pass). CPU
 * time of this process, which a busy machine inflates less than wall time (both are printed).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTurn } from '../src/cli/evaluateNlu.js';
import { loadContent } from '../src/content.js';
import { loadAreas } from '../src/directory/areas.js';
import { LOCALES } from '../src/common/locales.js';
import { createInterpreters } from '../src/understanding/interpreters.js';

const ROOT = join(import.meta.dirname, '..');
const ROUNDS = 20;

/** Milliseconds of CPU (user + system) and of wall time spent in `f`. */
function timed(f: () => void): { cpu: number; wall: number } {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  f();
  const used = process.cpuUsage(cpu);
  return { cpu: (used.user + used.system) / 1000, wall: performance.now() - wall };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Mean µs of CPU and wall time per text. */
function mean(texts: string[], f: (text: string) => unknown): string {
  for (const t of texts) f(t);
  // A suffix per round: the interpreter keeps the last text's result, and a turn is a new text.
  const { cpu, wall } = timed(() => {
    for (let r = 0; r < ROUNDS; r++) for (const t of texts) f(`${t} ${r}`);
  });
  const per = (ms: number) => ((ms * 1000) / (ROUNDS * texts.length)).toFixed(0);
  return `${per(cpu)} µs CPU (${per(wall)} wall)`;
}

const { graph, lexicons, intents } = loadContent(ROOT);
const areas = loadAreas('05');
const trainings = Array.from({ length: 5 }, () => timed(() => createInterpreters(lexicons, areas, intents, graph)));
console.log(
  `training, 8 languages: median ${median(trainings.map((t) => t.cpu)).toFixed(0)} ms CPU, ` +
    `${median(trainings.map((t) => t.wall)).toFixed(0)} ms wall, of 5`,
);
const interpreters = createInterpreters(lexicons, areas, intents, graph);
const turn = createTurn(ROOT);
for (const lng of LOCALES) {
  const set = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'nlu-eval', `${lng}.json`), 'utf8')) as {
    cases: { text: string }[];
    ordinary: string[];
  };
  const texts = [...set.cases.map((c) => c.text), ...set.ordinary];
  const interpreter = interpreters.get(lng);
  const need = mean(texts, (t) => interpreter.need(t));
  const step = mean(texts, (t) => turn(lng, t));
  console.log(`${lng}: ${texts.length} sentences; a need: ${need}; an engine step: ${step}`);
}
