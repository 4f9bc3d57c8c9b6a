import { ActivityHandler, StatusCodes, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import { addListen } from '../dialogs/listen.js';
import { render, type RenderContext, type Shown } from '../dialogs/render.js';
import { isPageValue } from '../dialogs/choicePages.js';
import { namesEntry } from '../directory/nameMatch.js';
import type { Graph } from '../engine/graph.js';
import { isCommand } from '../engine/interpreter.js';
import { initialState, step, type DialogState, type Input, type Profile, type StepResult } from '../engine/step.js';
import type { Catalog } from '../i18n/catalog.js';
import type { Interpreters } from '../understanding/interpreters.js';
import { resolveLocale } from '../shared/locales.js';
import type { DirectoryIndex } from '../directory/search.js';
import type { Entry } from '../directory/schema.js';
import type { Insights } from '../insights/insights.js';
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
  /** The app's clock, the official domains and the public URL, as the renderer reads them. */
  render?: Pick<RenderContext, 'now' | 'officialDomains' | 'publicUrl'>;
  /** Anonymous counters for the steering committee: where each path ends (no text, no id). */
  insights?: Pick<Insights, 'countTurn'>;
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
  /** Whether text names a directory entry: asked by the engine only when nothing else matched. */
  private readonly knowsName = (text: string) =>
    this.deps
      .directory()
      .index.search({ q: text, limit: 3 })
      .some((hit) => namesEntry(text, hit.entry));

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
    const { label, interpret, knowsName } = this;
    const page = isPageValue(context.activity.value) ? context.activity.value.page : undefined;
    if (saved && page !== undefined) {
      // A "more" chip: the waiting menu's next chips; nothing changes, nothing is saved.
      const activities = this.render(context, this.morePage(saved.state), page);
      if (activities.length) await context.sendActivities(activities);
      return;
    }
    if (saved) {
      turn = step(graph, saved.state, inputOf(context.activity), interpret, label, knowsName);
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
        knowsName,
      );
    }
    if (turn.outputs.some((o) => o.type === 'forget')) await conversations.delete(context);
    else await conversations.save(context, turn.state, saved?.eTag);
    const shown: Shown[] = [];
    const activities = this.render(context, turn, 0, shown);
    this.deps.insights?.countTurn(turn.outputs, turn.state.profile, shown);
    if (activities.length) await context.sendActivities(activities);
  }

  /** The waiting menu's prompt for its other chips: the state as it is, a short text and the choices. */
  private morePage(state: DialogState): StepResult {
    const node = state.node ? this.deps.graph.nodes.get(state.node) : undefined;
    if (node?.kind !== 'menu') return { state, outputs: [] };
    return {
      state,
      outputs: [
        { type: 'text', key: 'common.choices.more-text' },
        {
          type: 'choices',
          nodeId: state.node!,
          choices: node.choices.map((c) => ({ id: c.id, label: c.label })),
          ...(node.first ? { first: node.first } : {}),
        },
      ],
    };
  }

  private render(context: TurnContext, turn: StepResult, page = 0, shown?: Shown[]): Partial<Activity>[] {
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
    const ctx = { t, tFor, style, profile, channelId, index, emergency, page, shown, ...this.deps.render };
    const activities = render(turn.outputs, ctx);
    const { speech } = this.deps;
    if (speech) addListen(activities, { speech, locale, t, channelId, autoplay: profile.audio === 'on' });
    return activities;
  }
}
