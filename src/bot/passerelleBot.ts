import { ActivityHandler, StatusCodes, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import { addListen } from '../dialogs/listen.js';
import { markUnreviewed, renderInFrench, shownOutputs } from '../dialogs/french.js';
import { render, type RenderContext, type Shown } from '../dialogs/render.js';
import { isPageValue, morePage } from '../dialogs/choicePages.js';
import { namesEntry } from '../directory/nameMatch.js';
import type { Graph } from '../engine/graph.js';
import { needNode } from '../engine/needLabels.js';
import { isCommand } from '../engine/interpreter.js';
import { initialState, step, type Input, type Profile, type StepResult } from '../engine/step.js';
import { THEMES } from '../directory/schema.js';
import type { Catalog } from '../i18n/catalog.js';
import type { Interpreters } from '../understanding/interpreters.js';
import { resolveLocale } from '../common/locales.js';
import { dayOf } from '../common/renewal.js';
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
  const value = activity.value as { choice?: unknown; command?: unknown; locale?: unknown } | undefined;
  if (value && typeof value === 'object' && (typeof value.choice === 'string' || isCommand(value.command))) {
    const locale = typeof value.locale === 'string' && value.locale.length <= 10 ? value.locale : undefined;
    return {
      kind: 'value',
      ...(typeof value.choice === 'string' ? { choice: value.choice } : {}),
      ...(isCommand(value.command) ? { command: value.command } : {}),
      ...(locale ? { locale } : {}),
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
    const { label, interpret, knowsName } = this;
    const { value, channelId, locale: channelLocale } = context.activity;
    const page = isPageValue(value) ? value.page : undefined;
    if (saved && page !== undefined) {
      // A "more" chip: the waiting menu's next chips; nothing changes, nothing is saved.
      const ctx = this.context(channelId, saved.state.profile, saved.state.profile.locale ?? channelLocale, page);
      return this.send(context, render(morePage(graph, saved.state).outputs, ctx));
    }
    const input = inputOf(context.activity);
    let turn: StepResult;
    if (saved) turn = step(graph, saved.state, input, interpret, label, knowsName);
    else {
      const profile: Profile = {};
      const locale = resolveLocale(channelLocale, catalog.locales);
      if (locale) profile.locale = locale;
      // A first message without a greeting turn ("urgence") is interpreted, not swallowed.
      const first: Input = greeting ? { kind: 'start' } : input;
      turn = step(graph, initialState(profile), first, interpret, label, knowsName);
    }
    if (turn.outputs.some((o) => o.type === 'forget')) await conversations.delete(context);
    else await conversations.save(context, turn.state, saved?.eTag);
    const shown: Shown[] = [];
    const ctx = this.context(channelId, turn.state.profile, turn.state.profile.locale ?? channelLocale, 0, shown);
    if (input.kind === 'value' && input.command === 'french') return this.send(context, this.inFrench(value, ctx));
    const locale = catalog.locales.find((l) => l === ctx.style.locale) ?? 'fr';
    const reviewed = !!catalog.meta[locale]?.reviewed;
    const activities = markUnreviewed(render(turn.outputs, ctx), turn, ctx, reviewed, saved?.state.profile);
    this.deps.insights?.countTurn(turn.outputs, turn.state.profile, shown);
    const { speech } = this.deps;
    const autoplay = turn.state.profile.audio === 'on';
    if (speech) addListen(activities, { speech, locale, t: ctx.t, channelId, autoplay });
    return this.send(context, activities);
  }

  private async send(context: TurnContext, activities: Partial<Activity>[]): Promise<void> {
    if (activities.length) await context.sendActivities(activities);
  }

  /** The renderer's context for a language (the conversation's, else the channel's, else French). */
  private context(channelId: string, profile: Profile, wanted: string | undefined, page = 0, shown?: Shown[]) {
    const { catalog } = this.deps;
    // A language without texts yet is shown in French, dates and numbers included.
    const resolved = resolveLocale(wanted, catalog.locales);
    const locale = catalog.locales.find((l) => l === resolved) ?? 'fr';
    const meta = catalog.meta[locale];
    const { index, emergency } = this.deps.directory();
    const style = { locale, tag: meta?.tag ?? locale, rtl: meta?.dir === 'rtl' };
    const t = catalog.t(locale);
    const tFor = (other: string) => catalog.t(other);
    const ctx: RenderContext = {
      t,
      tFor,
      style,
      profile,
      channelId,
      index,
      emergency,
      page,
      shown,
      today: dayOf((this.deps.now ?? Date.now)()),
      needOf: this.needOf,
      ...this.deps.render,
    };
    return ctx;
  }

  /** The answer a "show in French" button sits under, in French, the menu's buttons still in the user's language. */
  private inFrench(value: unknown, own: RenderContext): Partial<Activity>[] {
    const { graph, catalog } = this.deps;
    const outputs = shownOutputs(value, graph, catalog.texts.fr, THEMES);
    if (!outputs?.length) return [];
    const french = this.context(own.channelId, own.profile, 'fr');
    return renderInFrench(outputs, french, own, own.t('common.french-version'));
  }
}
