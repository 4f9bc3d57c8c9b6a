import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { loadContent } from '../content.js';
import { loadAreas } from '../directory/areas.js';
import { step, type DialogState, type Output } from '../engine/step.js';
import { LOCALES, type Locale } from '../common/locales.js';
import { createInterpreters } from '../understanding/interpreters.js';

/** A held-out evaluation set (test/fixtures/nlu-eval/<lng>.json): never used for training. */
export const EvalSet = z.object({
  language: z.enum(LOCALES),
  cases: z.array(z.object({ text: z.string().min(1), node: z.string() })),
  ordinary: z.array(z.string().min(1)),
});
export type EvalSet = z.infer<typeof EvalSet>;

/** Where one typed message led: the node reached, or the question asked instead. */
export interface Outcome {
  node: string | null;
  asked?: 'forget' | 'guess' | 'switch';
  offered?: string[];
  emergency: boolean;
  language: boolean;
}

export interface LanguageReport {
  language: Locale;
  cases: number;
  /** Cases that reached their node in one turn. */
  correct: number;
  /** Cases whose node was offered in a "Did you mean …?" instead. */
  offered: number;
  confusions: { text: string; expected: string; got: string }[];
  ordinary: number;
  falseEmergency: string[];
  falseForget: string[];
  falseSwitch: string[];
  /** Mean milliseconds of one engine step (classification included). */
  msPerTurn: number;
}

/** Reads a step's outputs: the first node entered (or the need kept for a prerequisite), what was asked. */
export function outcomeOf(outputs: Output[], state: DialogState): Outcome {
  const entered = outputs.flatMap((o) => (o.type === 'enter' ? [o.nodeId] : []));
  const ask = outputs.find((o) => o.type === 'choices' && o.ask);
  const asked = ask?.type === 'choices' ? ask.ask : undefined;
  return {
    node: state.pending ?? entered[0] ?? null,
    ...(asked ? { asked } : {}),
    ...(asked === 'guess' && ask?.type === 'choices' ? { offered: ask.choices.map((c) => c.id) } : {}),
    emergency: outputs.some((o) => o.type === 'emergency') || entered.includes('emergency.start'),
    language: asked === 'switch' || entered.includes('main.language'),
  };
}

/** One typed message in a conversation of `locale` waiting at `node` (the main menu by default). */
export type Turn = (
  locale: Locale,
  text: string,
  at?: Partial<DialogState>,
) => { outcome: Outcome; state: DialogState; outputs: Output[] };

/** The real content, interpreters and engine of `root`, one turn at a time (no bot, no storage). */
export function createTurn(root: string, departement = '05'): Turn {
  const { graph, catalog, lexicons, intents } = loadContent(root);
  const interpreters = createInterpreters(lexicons, loadAreas(departement), intents, graph);
  interpreters.warm(); // Recognizers-Text compiles at start-up in the app, not in the measured turns
  const label = (key: string, profile: { locale?: string }) => catalog.t(profile.locale)(key);
  return (locale, text, at = {}) => {
    const state: DialogState = {
      node: 'main.menu',
      history: [at.node ?? 'main.menu'],
      ...at,
      profile: { locale, commune: '05061', ...at.profile },
    };
    const result = step(graph, state, { kind: 'text', text }, (p) => interpreters.get(p.locale), label);
    return { ...result, outcome: outcomeOf(result.outputs, result.state) };
  };
}

/** Runs every evaluation set of `root` through the real content and engine, at the main menu. */
export function evaluateNlu(root: string, departement = '05'): LanguageReport[] {
  const run = createTurn(root, departement);
  const reports: LanguageReport[] = [];
  for (const language of LOCALES) {
    const file = join(root, 'test', 'fixtures', 'nlu-eval', `${language}.json`);
    if (!existsSync(file)) continue;
    const set = EvalSet.parse(JSON.parse(readFileSync(file, 'utf8')));
    let turns = 0;
    const started = performance.now();
    const turn = (text: string) => {
      turns++;
      return run(language, text).outcome;
    };
    const report: LanguageReport = {
      language,
      cases: set.cases.length,
      correct: 0,
      offered: 0,
      confusions: [],
      ordinary: set.ordinary.length,
      falseEmergency: [],
      falseForget: [],
      falseSwitch: [],
      msPerTurn: 0,
    };
    for (const { text, node } of set.cases) {
      const out = turn(text);
      if (out.node === node && !out.asked) report.correct++;
      else {
        if (out.offered?.includes(node)) report.offered++;
        const got = out.asked ? `${out.asked}${out.offered ? `(${out.offered.join(', ')})` : ''}` : String(out.node);
        report.confusions.push({ text, expected: node, got });
      }
    }
    for (const text of set.ordinary) {
      const out = turn(text);
      if (out.emergency) report.falseEmergency.push(text);
      if (out.asked === 'forget') report.falseForget.push(text);
      if (out.language) report.falseSwitch.push(text);
    }
    report.msPerTurn = (performance.now() - started) / turns;
    reports.push(report);
  }
  return reports;
}
