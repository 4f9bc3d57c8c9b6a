import { ROOTS, type Graph } from './graph.js';
import type { MenuNode, Node, Slot } from './schema.js';
import type { ChoiceView, Command, Interpreter } from './interpreter.js';

export type Profile = Partial<Record<Slot, string>>;

/** What the engine keeps between turns; small and JSON-serialisable. */
export interface DialogState {
  /** The menu waiting for an answer, or null before the first turn. */
  node: string | null;
  /** Menus visited, most recent last, for "back". */
  history: string[];
  profile: Profile;
}

export type Input =
  | { kind: 'start' }
  /** `long`: the message was cut to a length worth interpreting; it is not a menu answer. */
  | { kind: 'text'; text: string; long?: boolean }
  /** A button press that names its choice or command (postBack value). */
  | { kind: 'value'; choice?: string; command?: Command };

export type Output =
  | { type: 'enter'; tree: string; nodeId: string }
  | { type: 'text'; key: string; vars?: Record<string, string>; sources?: { url: string; date: string }[] }
  | { type: 'choices'; nodeId: string; choices: { id: string; label: string }[] }
  | { type: 'resources'; themes: string[]; limit: number; text?: string }
  | { type: 'emergency'; text?: string }
  /** Free text looked up in the directory (names, summaries, towns). */
  | { type: 'search'; query: string }
  | { type: 'forget' };

export interface StepResult {
  state: DialogState;
  outputs: Output[];
}

/** Translates a label key, so the interpreter can match what the button shows. */
export type Label = (key: string, profile: Profile) => string;

const MAX_HOPS = 100;
const HISTORY = 20;

export function initialState(profile: Profile = {}): DialogState {
  return { node: null, history: [], profile };
}

/** Runs one user turn: global commands first, then the waiting menu, then typed needs. */
export function step(
  graph: Graph,
  state: DialogState,
  input: Input,
  interpret: (p: Profile) => Interpreter,
  label: Label,
): StepResult {
  // The caller's state is never changed: the profile is flat strings, the history a list of ids.
  const run = new Run(graph, { node: state.node, history: [...state.history], profile: { ...state.profile } });
  if (input.kind === 'start') return run.goto(ROOTS.welcome);
  const interpreter = interpret(state.profile);
  const found = state.node ? graph.nodes.get(state.node) : undefined;
  const waiting = found?.kind === 'menu' ? found : undefined;
  const views: ChoiceView[] = (waiting?.choices ?? []).map((c) => ({
    id: c.id,
    labelKey: c.label,
    label: label(c.label, state.profile),
  }));
  // A button's own label wins over a global command that shares a word with it.
  const pressed = input.kind === 'text' && waiting ? interpreter.choice(input.text, views, true) : null;
  const command =
    pressed === null ? (input.kind === 'value' ? input.command : interpreter.command(input.text)) : undefined;
  if (command) return run.command(command);
  if (!waiting) return run.goto(ROOTS.welcome);
  if (input.kind === 'text' && input.long) return run.reprompt('common.too-long');

  const index =
    pressed ??
    (input.kind === 'value'
      ? waiting.choices.findIndex((c) => c.id === input.choice)
      : interpreter.choice(input.text, views));
  if (index !== null && index >= 0) {
    const choice = waiting.choices[index];
    Object.assign(run.state.profile, choice.set);
    return run.goto(choice.next);
  }
  if (input.kind !== 'text') return run.reprompt('common.not-understood');

  if (waiting.input?.parser === 'search') {
    const tree = interpreter.need(input.text);
    const start = tree ? graph.starts.get(tree) : undefined;
    if (start) return run.goto(start);
    run.outputs.push({ type: 'search', query: input.text.trim() });
    return run.goto(waiting.input.next);
  }
  if (waiting.input?.slot) {
    const parsed = interpreter.parse(waiting.input.parser, input.text);
    if (parsed) {
      run.state.profile[waiting.input.slot] = parsed.value;
      run.say(`common.${waiting.input.parser}-set`, parsed.vars);
      return run.goto(waiting.input.next);
    }
    return run.reprompt(waiting.input.invalid);
  }
  const tree = interpreter.need(input.text);
  const start = tree ? graph.starts.get(tree) : undefined;
  if (start) return run.goto(start);
  return run.reprompt('common.not-understood');
}

class Run {
  readonly outputs: StepResult['outputs'] = [];
  constructor(
    private readonly graph: Graph,
    readonly state: DialogState,
  ) {}

  say(key: string, vars?: Record<string, string>): void {
    this.outputs.push({ type: 'text', key, ...(vars ? { vars } : {}) });
  }

  result(): StepResult {
    return { state: this.state, outputs: this.outputs };
  }

  command(command: Command): StepResult {
    switch (command) {
      case 'emergency':
        return this.goto(ROOTS.emergency);
      case 'menu':
        return this.goto(ROOTS.menu);
      case 'language':
        return this.goto(ROOTS.language);
      case 'help':
        return this.reprompt('common.help');
      case 'back': {
        this.state.history.pop();
        const previous = this.state.history.pop();
        return this.goto(previous ?? ROOTS.menu);
      }
      case 'restart':
        this.state.profile = { locale: this.state.profile.locale };
        this.state.history = [];
        return this.goto(ROOTS.welcome);
      case 'french':
        return this.result(); // nothing moves: the bot shows the previous answer in French
      case 'forget':
        this.outputs.push({ type: 'forget' });
        this.state.node = null;
        this.state.history = [];
        this.state.profile = { locale: this.state.profile.locale };
        this.say('common.forgotten');
        return this.result();
    }
  }

  reprompt(key: string): StepResult {
    this.say(key);
    return this.goto(this.state.node ?? ROOTS.menu, false);
  }

  /** Follows edges from `id` until a menu waits; `remember` adds that menu to the back history. */
  goto(id: string, remember = true): StepResult {
    for (let hops = 0; hops < MAX_HOPS; hops++) {
      const node = this.graph.nodes.get(id);
      if (!node) throw new Error(`step: node "${id}" does not exist`);
      this.outputs.push({ type: 'enter', tree: id.split('.')[0], nodeId: id });
      const next = this.enter(id, node, remember);
      if (next === null) return this.result();
      id = next;
    }
    throw new Error(`step: more than ${MAX_HOPS} nodes without a menu from "${id}"`);
  }

  private enter(id: string, node: Node, remember: boolean): string | null {
    switch (node.kind) {
      case 'menu':
        this.wait(id, node, remember);
        return null;
      case 'message':
        this.outputs.push({ type: 'text', key: node.text, ...(node.sources ? { sources: node.sources } : {}) });
        return node.next;
      case 'resources':
        this.outputs.push({
          type: 'resources',
          themes: node.themes,
          limit: node.limit,
          ...(node.text ? { text: node.text } : {}),
        });
        return node.next;
      case 'emergency':
        this.outputs.push({ type: 'emergency', ...(node.text ? { text: node.text } : {}) });
        return node.next;
      case 'branch': {
        const value = this.state.profile[node.slot];
        if (value !== undefined && node.cases[value]) return node.cases[value];
        return value !== undefined && node.whenSet ? node.whenSet : node.default;
      }
    }
  }

  private wait(id: string, node: MenuNode, remember: boolean): void {
    this.say(node.text);
    this.outputs.push({
      type: 'choices',
      nodeId: id,
      choices: node.choices.map((c) => ({ id: c.id, label: c.label })),
    });
    this.state.node = id;
    if (remember && this.state.history.at(-1) !== id) this.state.history = [...this.state.history, id].slice(-HISTORY);
  }
}
