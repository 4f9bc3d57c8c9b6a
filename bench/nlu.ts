/**
 * `npx tsx bench/nlu.ts`: the classifier's cost, for bench/RESULTS.md. Training time of the eight
 * languages at start-up (createInterpreters), then per language the mean cost of one need
 * classification and of one engine step on the held-out sentences (after a warm-up pass).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTurn } from '../src/cli/evaluateNlu.js';
import { loadContent } from '../src/content.js';
import { loadAreas } from '../src/directory/areas.js';
import { LOCALES } from '../src/shared/locales.js';
import { createInterpreters } from '../src/understanding/interpreters.js';

const ROOT = join(import.meta.dirname, '..');
const ROUNDS = 20;
const { graph, lexicons, intents } = loadContent(ROOT);
const areas = loadAreas('05');
const trainings: number[] = [];
for (let i = 0; i < 5; i++) {
  const started = performance.now();
  createInterpreters(lexicons, areas, intents, graph);
  trainings.push(performance.now() - started);
}
const interpreters = createInterpreters(lexicons, areas, intents, graph);
const turn = createTurn(ROOT);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  `training, 8 languages: median ${median(trainings).toFixed(0)} ms of 5 (${trainings.map((t) => t.toFixed(0)).join(', ')})`,
);
const mean = (texts: string[], f: (text: string) => unknown) => {
  for (const t of texts) f(t);
  const started = performance.now();
  // A suffix per round: the interpreter keeps the last text's result, and a turn is a new text.
  for (let r = 0; r < ROUNDS; r++) for (const t of texts) f(`${t} ${r}`);
  return ((performance.now() - started) * 1000) / (ROUNDS * texts.length);
};
for (const lng of LOCALES) {
  const set = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'nlu-eval', `${lng}.json`), 'utf8')) as {
    cases: { text: string }[];
    ordinary: string[];
  };
  const texts = [...set.cases.map((c) => c.text), ...set.ordinary];
  const interpreter = interpreters.get(lng);
  const need = mean(texts, (t) => interpreter.need(t));
  const step = mean(texts, (t) => turn(lng, t));
  console.log(`${lng}: ${texts.length} sentences, need ${need.toFixed(0)} µs, engine step ${step.toFixed(0)} µs`);
}
