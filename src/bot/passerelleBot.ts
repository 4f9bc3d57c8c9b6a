import { ActivityHandler, StatusCodes, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import { addListen } from '../dialogs/listen.js';
import { render } from '../dialogs/render.js';
import type { Graph } from '../engine/graph.js';
import { needNode } from '../engine/needLabels.js';
import { isCommand } from '../engine/interpreter.js';
import { initialState, step, type Input, type Profile, type StepResult } from '../engine/step.js';
import type { Catalog } from '../i18n/catalog.js';
import type { Interpreters } from '../understanding/interpreters.js';
import { resolveLocale } from '../shared/locales.js';
import { dayOf } from '../shared/renewal.js';
import type { DirectoryIndex } from '../directory/search.js';
import type { Entry } from '../directory/schema.js';
import type { Speech } from '../speech/speech.js';
import type { ConversationStore } from './conversationStore.js';

export interface BotDeps {
  graph: Graph;
  catalog: Catalog;
  interpreters: Interpreters;
  conversations: ConversationStore;
  /** The current index and emergency entries: they change when admins edit the directory. */
  directory: () => { index: DirectoryIndex; emergency: readonly Entry[] };
  /** Read-aloud: a "listen" audio card on every answer (absent in tests that do not need it). */
  speech?: Speech;
  /** The clock (config.now): renewal windows are counted from today. */
  now?: () => number;
  /** The need each node names (engine/needLabels.ts), for the counter card. */
  needs?: ReadonlyMap<string, string>;
}

/** Longest text we interpret; beyond it people are not answering a menu, and matching stays cheap. */
const MAX_INPUT = 500;

/**
 * Reads what the user did from an activity: a button value, or text (capped). A `command` the
 * engine does not know is dropped: the turn answers "not understood" and keeps the conversation.
 */
export function inputOf(activity: Partial<Activity>): Input {
  const value = activity.value as { choice?: unknown; command?: unknown } | undefined;
  if (value && typeof value === 'object' && (typeof value.choice === 'string' || typeof value.command === 'string')) {
    return {
      kind: 'value',
      ...(typeof value.choice === 'string' ? { choice: value.choice } : {}),
      ...(isCommand(value.command) ? { command: value.command } : {}),
    };
  }
  const text = String(activity.text ?? '');
  return text.length > MAX_INPUT
    ? { kind: 'text', text: text.slice(0, MAX_INPUT), long: true }
    : { kind: 'text', text };
}

/**
 * The Bot Framework face of Passerelle. Each turn reads the conversation's engine state, runs one
 * engine step, saves the new state (or erases it on "forget me"), then sends the rendered replies.
 * Saving before sending means a failed write reaches the user as an error, not as a menu the bot
 * will not remember.
 */
export class PasserelleBot extends ActivityHandler {
  /** What the engine asks of a language: button labels to match, and an interpreter. */
  private readonly label = (key: string, profile: Profile) => this.deps.catalog.t(profile.locale)(key);
  private readonly interpret = (profile: Profile) => this.deps.interpreters.get(profile.locale);
  private readonly needOf = (entered: string[]) =>
    this.deps.needs ? needNode(this.deps.graph, this.deps.needs, entered) : undefined;

  constructor(private readonly deps: BotDeps) {
    super();
    this.onMessage(async (context, next) => {
      await this.converse(context, false);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const joined = (context.activity.membersAdded ?? []).some((m) => m.id !== context.activity.recipient?.id);
      if (joined) await this.converse(context, true);
      await next();
    });
  }

  /**
   * Passerelle handles no invoke (cards post messages). botbuilder's own handling reads `value`
   * unchecked (`adaptiveCard/action` with `value: {}` threw, and a failed turn erases the
   * conversation): every invoke gets 501 and leaves the conversation as it was.
   */
  protected override async onInvokeActivity(_context: TurnContext): Promise<InvokeResponse> {
    return { status: StatusCodes.NOT_IMPLEMENTED };
  }

  private async converse(context: TurnContext, greeting: boolean): Promise<void> {
    const { conversations, catalog, graph } = this.deps;
    const saved = await conversations.load(context);
    if (saved && greeting) return; // already greeted
    let turn: StepResult;
    const { label, interpret } = this;
    if (saved) {
      turn = step(graph, saved.state, inputOf(context.activity), interpret, label);
    } else {
      const profile: Profile = {};
      const locale = resolveLocale(context.activity.locale, catalog.locales);
      if (locale) profile.locale = locale;
      // A first message without a greeting turn ("urgence") is interpreted, not swallowed.
      turn = step(
        graph,
        initialState(profile),
        greeting ? { kind: 'start' } : inputOf(context.activity),
        interpret,
        label,
      );
    }
    if (turn.outputs.some((o) => o.type === 'forget')) await conversations.delete(context);
    else await conversations.save(context, turn.state, saved?.eTag);
    const activities = this.render(context, turn);
    if (activities.length) await context.sendActivities(activities);
  }

  private render(context: TurnContext, turn: StepResult): Partial<Activity>[] {
    const { catalog } = this.deps;
    const wanted = turn.state.profile.locale ?? resolveLocale(context.activity.locale, catalog.locales);
    // A language without texts yet is shown in French, dates and numbers included.
    const locale = catalog.locales.find((l) => l === wanted) ?? 'fr';
    const meta = catalog.meta[locale];
    const { index, emergency } = this.deps.directory();
    const t = catalog.t(locale);
    const { profile } = turn.state;
    const { channelId } = context.activity;
    const style = { locale, tag: meta?.tag ?? locale, rtl: meta?.dir === 'rtl' };
    const tFor = (other: string) => catalog.t(other);
    const today = dayOf((this.deps.now ?? Date.now)());
    const ctx = { t, tFor, style, profile, channelId, index, emergency, today, needOf: this.needOf };
    const activities = render(turn.outputs, ctx);
    const { speech } = this.deps;
    if (speech) addListen(activities, { speech, locale, t, channelId, autoplay: profile.audio === 'on' });
    return activities;
  }
}
