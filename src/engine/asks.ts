import { ROOTS } from './graph.js';
import type { ChoiceView, Interpreter } from './interpreter.js';
import type { Run } from './run.js';
import { SLOTS } from './schema.js';
import type { Ask, ChoiceOutput, Input, Profile, StepResult } from './state.js';

/** Whether a stored value is a question this engine asks (stored state may come from another version). */
export function isAsk(x: unknown): x is Ask {
  const ask = x as Partial<Record<string, unknown>> | undefined;
  if (!ask || typeof ask !== 'object') return false;
  if (ask.kind === 'forget') return true;
  if (ask.kind === 'guess') return Array.isArray(ask.nodes) && ask.nodes.every((n) => typeof n === 'string');
  const locales: readonly unknown[] = SLOTS.locale;
  return (
    ask.kind === 'switch' && locales.includes(ask.locale) && (ask.need === undefined || typeof ask.need === 'string')
  );
}

/** The buttons of a question asked outside the trees. */
function choicesOf(run: Run, ask: Ask): ChoiceOutput[] {
  switch (ask.kind) {
    case 'forget':
      return [
        { id: 'yes', label: 'common.forget.yes' },
        { id: 'no', label: 'common.forget.no' },
      ];
    case 'guess':
      return [
        ...ask.nodes.map((id) => ({ id, label: run.graph.intents.get(id)?.label ?? id })),
        { id: 'none', label: 'common.guess.none' },
      ];
    case 'switch':
      return [
        { id: 'switch', label: 'common.switch.yes', locale: ask.locale },
        { id: 'stay', label: 'common.switch.no' },
      ];
  }
}

/** The buttons as the interpreter matches them: translated as shown. */
function viewsOf(run: Run, choices: ChoiceOutput[]): ChoiceView[] {
  const { profile } = run.state;
  return choices.map((c) => ({
    id: c.id,
    labelKey: c.label,
    label: run.label(c.label, c.locale ? { ...profile, locale: c.locale } : profile),
  }));
}

/** Asks `ask` with its text(s) and buttons; the menu keeps waiting underneath. */
function put(run: Run, ask: Ask, texts: { key: string; vars?: Record<string, string>; locale?: string }[]) {
  run.state.ask = ask;
  for (const { key, vars, locale } of texts) run.say(key, vars, locale);
  run.outputs.push({
    type: 'choices',
    nodeId: run.state.node ?? ROOTS.menu,
    choices: choicesOf(run, ask),
    ask: ask.kind,
  });
  return run.result();
}

export const askForget = (run: Run): StepResult => put(run, { kind: 'forget' }, [{ key: 'common.forget.confirm' }]);

export const askGuess = (run: Run, nodes: string[]): StepResult =>
  put(run, { kind: 'guess', nodes: nodes.filter((n) => run.graph.nodes.has(n)) }, [{ key: 'common.guess.text' }]);

/** Offers to continue in `locale`, in both languages; `need` is served after the answer. */
export function askSwitch(run: Run, locale: string, need: string | null): StepResult {
  const other: Profile = { ...run.state.profile, locale };
  const language = run.label(`main.language.${locale}`, other);
  return put(run, { kind: 'switch', locale, ...(need ? { need } : {}) }, [
    { key: 'common.switch.offer', vars: { language } },
    { key: 'common.switch.offer', vars: { language }, locale },
  ]);
}

/** The id of the button the input answers, if it answers the question at all. */
function answerOf(run: Run, ask: Ask, input: Input, interpreter: Interpreter): string | null {
  const choices = choicesOf(run, ask);
  if (input.kind === 'value') {
    if (ask.kind === 'forget' && input.command === 'forget') return 'yes';
    return choices.find((c) => c.id === input.choice)?.id ?? null;
  }
  if (input.kind !== 'text') return null;
  const index = interpreter.choice(input.text, viewsOf(run, choices));
  if (index !== null) return choices[index].id;
  if (ask.kind !== 'forget') return null;
  return interpreter.command(input.text) === 'forget' ? 'yes' : interpreter.answer(input.text);
}

/** Handles the answer to the question asked last turn, or null when the input is about something else. */
export function answerAsk(run: Run, ask: Ask, input: Input, interpreter: Interpreter): StepResult | null {
  const id = answerOf(run, ask, input, interpreter);
  if (!id) return null;
  switch (ask.kind) {
    case 'forget':
      return id === 'yes' ? run.forget() : run.reprompt('common.forget.kept');
    case 'guess':
      return id === 'none' || !run.graph.nodes.has(id) ? run.reprompt('common.guess.other') : run.serve(id);
    case 'switch':
      return id === 'switch' ? switchTo(run, ask.locale, ask.need) : stay(run, ask.need);
  }
}

function switchTo(run: Run, locale: string, need: string | undefined): StepResult {
  // At the language question, switching is choosing that language.
  const choice = run.waiting()?.choices.find((c) => c.set?.locale === locale);
  if (choice) {
    if (need) run.state.pending = need;
    return run.choose(choice);
  }
  run.state.profile.locale = locale;
  return need ? run.serve(need) : run.goto(run.state.node ?? ROOTS.menu, false);
}

function stay(run: Run, need: string | undefined): StepResult {
  return need && run.graph.nodes.has(need) ? run.serve(need) : run.goto(run.state.node ?? ROOTS.menu, false);
}
