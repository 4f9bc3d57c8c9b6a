import { ActivityHandler, type Activity, type TurnContext } from 'botbuilder';
import { render, type Shown } from '../dialogs/render.js';
import type { Graph } from '../engine/graph.js';
import { initialState, step, type Input, type Profile, type StepResult } from '../engine/step.js';
import type { Catalog } from '../i18n/catalog.js';
import type { Interpreters } from '../understanding/interpreters.js';
import { resolveLocale } from '../shared/locales.js';
import type { DirectoryIndex } from '../directory/search.js';
import type { Entry } from '../directory/schema.js';
import type { Insights } from '../insights/insights.js';
import type { ConversationStore } from './conversationStore.js';

export interface BotDeps {
  graph: Graph;
  catalog: Catalog;
  interpreters: Interpreters;
  conversations: ConversationStore;
  /** The current index and emergency entries: they change when admins edit the directory. */
  directory: () => { index: DirectoryIndex; emergency: readonly Entry[] };
  /** Anonymous counters for the steering committee: where each path ends (no text, no id). */
  insights?: Pick<Insights, 'countTurn'>;
}

/** Longest text we interpret; beyond it people are not answering a menu, and matching stays cheap. */
const MAX_INPUT = 500;

/** Reads what the user did from an activity: a button value, or text (capped). */
export function inputOf(activity: Partial<Activity>): Input {
  const value = activity.value as { choice?: unknown; command?: unknown } | undefined;
  if (value && typeof value === 'object' && (typeof value.choice === 'string' || typeof value.command === 'string')) {
    return {
      kind: 'value',
      ...(typeof value.choice === 'string' ? { choice: value.choice } : {}),
      ...(typeof value.command === 'string' ? { command: value.command as never } : {}),
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
    const shown: Shown[] = [];
    const activities = this.render(context, turn, shown);
    this.deps.insights?.countTurn(turn.outputs, turn.state.profile, shown);
    if (activities.length) await context.sendActivities(activities);
  }

  private render(context: TurnContext, turn: StepResult, shown?: Shown[]): Partial<Activity>[] {
    const { catalog } = this.deps;
    const wanted = turn.state.profile.locale ?? resolveLocale(context.activity.locale, catalog.locales);
    // A language without texts yet is shown in French, dates and numbers included.
    const locale = wanted && catalog.locales.includes(wanted as never) ? wanted : 'fr';
    const meta = catalog.meta[locale as keyof Catalog['meta']];
    const { index, emergency } = this.deps.directory();
    return render(turn.outputs, {
      t: catalog.t(locale),
      style: { locale, tag: meta?.tag ?? locale, rtl: meta?.dir === 'rtl' },
      profile: turn.state.profile,
      channelId: context.activity.channelId,
      index,
      emergency,
      shown,
    });
  }
}
