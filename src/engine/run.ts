import { OPTIONAL_ROOTS, ROOTS, type Graph } from './graph.js';
import type { Choice, MenuNode, Node } from './schema.js';
import type { DialogState, Label, Output, StepResult } from './state.js';

const MAX_HOPS = 100;
const HISTORY = 20;

/** The way back offered after a typed emergency or a second message not understood. */
export const RESUME: Choice = { id: 'resume', label: 'common.resume', next: ROOTS.menu };

/** One turn being run: the state it changes, the outputs it collects. */
export class Run {
  readonly outputs: Output[] = [];
  /** Where the user was before a typed emergency or two misses: offered at the next menu. */
  private resumeTo: string | undefined;
  /** The menu a typed message was sent from; null for buttons. */
  typedFrom: string | null = null;
  /** What the previous turn left: the way back it offered, the misses so far. */
  private readonly offered: string | undefined;
  private readonly misses: number;

  constructor(
    readonly graph: Graph,
    readonly state: DialogState,
    readonly label: Label,
  ) {
    // Stored state may predate the current trees: a node that no longer exists is dropped.
    this.offered = state.resume && graph.nodes.has(state.resume) ? state.resume : undefined;
    this.misses = typeof state.misses === 'number' ? state.misses : 0;
    delete state.resume;
    delete state.misses;
    const keep = state.pending && graph.nodes.has(state.pending) && state.node && this.holds(state.node);
    if (!keep) delete state.pending;
    // The way back from the language menu lasts while that menu waits.
    if (state.node !== ROOTS.language || !graph.nodes.has(state.returnTo ?? '')) delete state.returnTo;
  }

  say(key: string, vars?: Record<string, string>, locale?: string): void {
    this.outputs.push({ type: 'text', key, ...(vars ? { vars } : {}), ...(locale ? { locale } : {}) });
  }

  result(): StepResult {
    return { state: this.state, outputs: this.outputs };
  }

  /** Offers, at the next menu, to go back to `id` (the menu the user was at). */
  offerResume(id: string | null): void {
    if (id && this.graph.nodes.get(id)?.kind === 'menu' && !id.startsWith('emergency.')) this.resumeTo = id;
  }

  /** The waiting menu, if the state waits on one. */
  waiting(): MenuNode | undefined {
    const node = this.state.node ? this.graph.nodes.get(this.state.node) : undefined;
    return node?.kind === 'menu' ? node : undefined;
  }

  /** The waiting menu's choices, with the way back when the previous turn offered one. */
  choices(): Choice[] {
    const choices = this.waiting()?.choices ?? [];
    return this.offered ? [...choices, RESUME] : choices;
  }

  choose(choice: Choice): StepResult {
    if (choice === RESUME) return this.goto(this.offered ?? ROOTS.menu);
    Object.assign(this.state.profile, choice.set);
    const back = choice.set?.locale ? this.state.returnTo : undefined;
    delete this.state.returnTo;
    // A new language mid-conversation: the question the person was at, asked again in that language.
    return this.goto(back ?? choice.next);
  }

  /** Erases everything but the language ("forget me"). */
  forget(): StepResult {
    this.outputs.push({ type: 'forget' });
    this.state.node = null;
    this.state.history = [];
    this.state.profile = this.state.profile.locale ? { locale: this.state.profile.locale } : {};
    delete this.state.pending;
    delete this.state.ask;
    this.resumeTo = undefined;
    this.say('common.forgotten');
    return this.result();
  }

  reprompt(key: string, vars?: Record<string, string>): StepResult {
    this.say(key, vars);
    return this.goto(this.state.node ?? ROOTS.menu, false);
  }

  /** A message not understood; the second in a row offers contacts and a local help line. */
  miss(key: string): StepResult {
    const misses = this.misses + 1;
    if (misses < 2 || !this.graph.nodes.has(OPTIONAL_ROOTS.lost)) {
      this.state.misses = misses;
      return this.reprompt(key);
    }
    delete this.state.misses;
    this.offerResume(this.state.node);
    return this.goto(OPTIONAL_ROOTS.lost);
  }

  /**
   * Serves a typed need: kept while a prerequisite question waits (town, language), else its
   * implied slots set, its own prerequisite asked if unknown, then its node. `answered`: the
   * question it waited for has just been answered.
   */
  serve(id: string, answered = false): StepResult {
    if (!this.graph.nodes.has(id)) return this.reprompt('common.not-understood');
    const rule = this.graph.intents.get(id);
    const at = this.state.node;
    if (!answered && at && this.graph.prerequisites.has(at) && !rule?.now) {
      this.state.pending = id;
      return this.reprompt('common.need-kept', { need: this.label(rule?.label ?? id, this.state.profile) });
    }
    delete this.state.pending;
    for (const [slot, value] of Object.entries(rule?.set ?? {}))
      this.state.profile[slot as keyof DialogState['profile']] ??= value;
    if (rule?.ask && this.state.profile[rule.ask.slot] === undefined) {
      this.state.pending = id;
      return this.goto(rule.ask.node);
    }
    return this.goto(id);
  }

  /** Enters the menu `id` without showing it, and takes `choice` as its answer (given in the same text). */
  answerAt(id: string, choice: Choice): StepResult {
    const rule = this.graph.intents.get(id);
    for (const [slot, value] of Object.entries(rule?.set ?? {}))
      this.state.profile[slot as keyof DialogState['profile']] ??= value;
    this.outputs.push({ type: 'enter', tree: id.split('.')[0], nodeId: id });
    this.state.node = id;
    if (this.state.history.at(-1) !== id) this.state.history = [...this.state.history, id].slice(-HISTORY);
    return this.choose(choice);
  }

  /** Whether a pending need still waits at this menu (a prerequisite, or the need's own question). */
  holds(id: string): boolean {
    const pending = this.state.pending!;
    return this.graph.prerequisites.has(id) || this.graph.intents.get(pending)?.ask?.node === id;
  }

  /** Follows edges from `id` until a menu waits; `remember` adds that menu to the back history. */
  goto(id: string, remember = true): StepResult {
    for (let hops = 0; hops < MAX_HOPS; hops++) {
      const node = this.graph.nodes.get(id);
      if (!node) throw new Error(`step: node "${id}" does not exist`);
      if (node.kind === 'menu' && this.state.pending && !this.holds(id)) return this.serve(this.state.pending, true);
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
        this.outputs.push({ type: 'emergency', ...(node.text ? { text: node.text } : {}), lead: node.lead ?? [] });
        this.offerResume(this.typedFrom);
        return node.next;
      case 'branch': {
        const value = this.state.profile[node.slot];
        if (value !== undefined && node.cases[value]) return node.cases[value];
        return value !== undefined && node.whenSet ? node.whenSet : node.default;
      }
    }
  }

  private wait(id: string, node: MenuNode, remember: boolean): void {
    const resume = this.resumeTo && this.resumeTo !== id ? this.resumeTo : undefined;
    if (resume) this.state.resume = resume;
    this.say(node.text);
    this.outputs.push({
      type: 'choices',
      nodeId: id,
      choices: (resume ? [...node.choices, RESUME] : node.choices).map((c) => ({ id: c.id, label: c.label })),
      ...(node.first ? { first: node.first } : {}),
      ...(node.input?.parser === 'date' ? { input: 'date' } : {}),
    });
    this.state.node = id;
    if (remember && this.state.history.at(-1) !== id) this.state.history = [...this.state.history, id].slice(-HISTORY);
  }
}
