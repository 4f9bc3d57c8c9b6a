import { ROOTS, type Graph } from './graph.js';
import { answerAsk, askForget, askGuess, askSwitch, isAsk } from './asks.js';
import { NO_NEED, type ChoiceView, type Command, type Interpreter, type NeedGuess } from './interpreter.js';
import { Run } from './run.js';
import { dateInput } from './dateInput.js';
import type { MenuNode } from './schema.js';
import type { DialogState, Input, KnowsName, Label, Profile, StepResult } from './state.js';

export type * from './state.js';

export function initialState(profile: Profile = {}): DialogState {
  return { node: null, history: [], profile };
}

type Interpret = (p: Profile) => Interpreter;

/**
 * Runs one user turn: the answer to a question asked last turn, then the waiting menu's buttons,
 * global commands, and what typed text means (another language, a yes/no answer, a need, a town).
 */
export function step(
  graph: Graph,
  state: DialogState,
  input: Input,
  interpret: Interpret,
  label: Label,
  knowsName?: KnowsName,
): StepResult {
  // The caller's state is never changed: the profile is flat strings, the history a list of ids.
  const run = new Run(graph, { ...state, history: [...state.history], profile: { ...state.profile } }, label);
  if (input.kind === 'start') return run.goto(ROOTS.welcome);
  // "Show in French" changes nothing: the question asked and the menu waiting stay as they were.
  if (input.kind === 'value' && input.command === 'french') return { state, outputs: [] };
  const interpreter = interpret(state.profile);
  const { ask } = run.state;
  delete run.state.ask;
  const answered = isAsk(ask) && answerAsk(run, ask, input, interpreter);
  if (answered) return answered;
  if (input.kind === 'value') {
    if (input.command === 'language' && input.locale) return switchLanguage(run, input.locale);
    if (input.command) return command(run, input.command);
    const choice = run.choices().find((c) => c.id === input.choice);
    if (choice) return run.choose(choice);
    return run.waiting() ? run.reprompt('common.not-understood') : run.goto(ROOTS.welcome);
  }
  const views = viewsOf(run);
  // A button's own label wins over a global command that shares a word with it.
  const pressed = run.waiting() ? interpreter.choice(input.text, views, true) : null;
  if (pressed !== null) return run.choose(run.choices()[pressed]);
  const typed = interpreter.command(input.text);
  if (typed === 'forget') return askForget(run);
  run.typedFrom = run.state.node;
  if (typed) return command(run, typed);
  const waiting = run.waiting();
  if (!waiting) return firstMessage(run, input.long ? '' : input.text, interpreter);
  if (input.long) return run.reprompt('common.too-long');
  return understand(run, waiting, input.text, { interpreter, interpret, views, knowsName });
}

/** A first message without a greeting turn: a need is kept through the welcome questions (or served at once). */
function firstMessage(run: Run, text: string, interpreter: Interpreter): StepResult {
  const { sure } = text ? interpreter.need(text) : NO_NEED;
  if (!sure || !run.graph.nodes.has(sure)) return run.goto(ROOTS.welcome);
  if (run.graph.intents.get(sure)?.now) return run.serve(sure);
  run.state.pending = sure;
  run.say('common.need-kept', { need: run.label(run.graph.intents.get(sure)?.label ?? sure, run.state.profile) });
  return run.goto(ROOTS.welcome);
}

function viewsOf(run: Run): ChoiceView[] {
  return run.choices().map((c) => ({ id: c.id, labelKey: c.label, label: run.label(c.label, run.state.profile) }));
}

const isYesNo = (menu: MenuNode) => menu.choices.some((c) => c.id === 'yes') && menu.choices.some((c) => c.id === 'no');

/**
 * Free text at a menu that is neither its button nor a command. A question about the user (its
 * choices set profile facts) takes answers first; a menu of topics takes a recognised need first.
 */
function understand(
  run: Run,
  waiting: MenuNode,
  text: string,
  ctx: { interpreter: Interpreter; interpret: Interpret; views: ChoiceView[]; knowsName?: KnowsName },
): StepResult {
  const { interpreter, interpret, views } = ctx;
  // Services have French names: at "find a contact" French words are a search, not a change of language.
  const other = waiting.input?.parser === 'search' ? null : interpreter.language(text);
  if (other) return askSwitch(run, other, interpret({ ...run.state.profile, locale: other }).need(text).sure);
  const question = waiting.choices.some((c) => c.set);
  if (question) {
    const answer = isYesNo(waiting) ? interpreter.answer(text) : null;
    const index = interpreter.choice(text, views) ?? (answer ? views.findIndex((v) => v.id === answer) : null);
    if (index !== null && index >= 0) return run.choose(run.choices()[index]);
  }
  if (waiting.input?.parser === 'date') {
    const dated = dateInput(run, waiting, text, interpreter);
    if (dated) return dated;
  }
  if (waiting.input?.parser === 'commune') {
    const town = commune(run, waiting, text, interpreter);
    if (town) return town;
  }
  // A name typed at "find a contact" is looked up, unless it is a sentence.
  const words = text.trim().split(/\s+/).length;
  // A service's name typed at any other menu ("cimade") shows it, then the same menu again.
  if (words <= 4 && waiting.input?.parser !== 'search' && ctx.knowsName?.(text)) {
    run.outputs.push({ type: 'search', query: text.trim() });
    return run.goto(run.state.node ?? ROOTS.menu, false);
  }
  const need = waiting.input?.parser === 'search' && words < 3 ? NO_NEED : interpreter.need(text);
  if (need.sure && need.sure !== run.state.node && run.graph.nodes.has(need.sure))
    return serveTyped(run, need.sure, text, interpreter);
  // A topic named in a few words ("trouver un contact"); a longer sentence the classifier half-knows is asked about.
  const loose = question ? null : looseChoice(run, text, interpreter, views, need);
  if (loose !== null && (!need.maybe.length || words <= 3)) return run.choose(run.choices()[loose]);
  const start = need.tree ? run.graph.starts.get(need.tree) : undefined;
  if (start) return run.goto(start);
  if (waiting.input?.parser === 'search') {
    run.outputs.push({ type: 'search', query: text.trim() });
    return run.goto(waiting.input.next);
  }
  if (need.maybe.length) return askGuess(run, need.maybe);
  return run.miss(waiting.input?.invalid ?? 'common.not-understood');
}

/** A button named inside a sentence; never the emergency one in small talk or a denial ("pas urgent"). */
function looseChoice(run: Run, text: string, interpreter: Interpreter, views: ChoiceView[], need: NeedGuess) {
  const index = interpreter.choice(text, views);
  if (index === null || run.choices()[index].next !== ROOTS.emergency) return index;
  return need.ordinary || interpreter.answer(text) === 'no' ? null : index;
}

/** A town typed at the town question; with a need in the same sentence, the need comes next. */
function commune(run: Run, waiting: MenuNode, text: string, interpreter: Interpreter): StepResult | null {
  const input = waiting.input!;
  const parsed = interpreter.parse(input.parser, text);
  if (!parsed || !input.slot) return null;
  if (text.trim().split(/\s+/).length >= 3) {
    const { sure } = interpreter.need(text);
    if (sure && run.graph.nodes.has(sure)) run.state.pending = sure;
  }
  run.state.profile[input.slot] = parsed.value;
  run.say(`common.${input.parser}-set`, parsed.vars);
  return run.goto(input.next);
}

/** Serves a typed need; when its node asks yes/no and the text already answers ("no insurance"), answers it. */
function serveTyped(run: Run, id: string, text: string, interpreter: Interpreter): StepResult {
  const node = run.graph.nodes.get(id);
  const at = run.state.node;
  if (node?.kind !== 'menu' || !isYesNo(node) || (at && run.graph.prerequisites.has(at))) return run.serve(id);
  const answer = interpreter.answer(text);
  const choice = answer ? node.choices.find((c) => c.id === answer) : undefined;
  return choice ? run.answerAt(id, choice) : run.serve(id);
}

/**
 * The web page's language picker: the conversation goes on in that language, the waiting question
 * asked again (a locale the trees do not offer is ignored).
 */
function switchLanguage(run: Run, locale: string): StepResult {
  const offered = run.graph.nodes.get(ROOTS.language);
  const known = offered?.kind === 'menu' && offered.choices.some((c) => c.set?.locale === locale);
  if (known) run.state.profile.locale = locale;
  return run.waiting() ? run.goto(run.state.node!, false) : run.goto(ROOTS.welcome);
}

/** Global commands: buttons run them at once; typed "forget me" is confirmed first (see step). */
function command(run: Run, command: Command): StepResult {
  delete run.state.pending;
  switch (command) {
    case 'emergency':
      return run.goto(ROOTS.emergency);
    case 'menu':
      return run.goto(ROOTS.menu);
    case 'language': {
      // Once a language is chosen, the person comes back here (run.choose), nothing lost.
      const at = run.state.node;
      if (at && at !== ROOTS.language && run.graph.nodes.get(at)?.kind === 'menu') run.state.returnTo = at;
      return run.goto(ROOTS.language);
    }
    case 'help':
      return run.reprompt('common.help');
    case 'back': {
      run.state.history.pop();
      const previous = run.state.history.pop();
      return run.goto(previous ?? ROOTS.menu);
    }
    case 'restart':
      run.state.profile = { locale: run.state.profile.locale };
      run.state.history = [];
      return run.goto(ROOTS.welcome);
    case 'forget':
      return run.forget();
    case 'french':
      return run.result(); // nothing moves (see step): the bot shows the previous answer in French
  }
}
