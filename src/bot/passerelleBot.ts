import { ActivityHandler, ActivityTypes, type Activity, type TurnContext } from 'botbuilder';
import { frenchButton, renderInFrench, shownOutputs } from '../dialogs/french.js';
import { render, type RenderContext } from '../dialogs/render.js';
import { ROOTS, type Graph } from '../engine/graph.js';
import { COMMANDS, type Command } from '../engine/interpreter.js';
import { initialState, step, type Input, type Profile, type StepResult } from '../engine/step.js';
import { THEMES } from '../directory/schema.js';
import type { Catalog } from '../i18n/catalog.js';
import type { Interpreters } from '../understanding/interpreters.js';
import { resolveLocale } from '../shared/locales.js';
import type { DirectoryIndex } from '../directory/search.js';
import type { Entry } from '../directory/schema.js';
import type { ConversationStore } from './conversationStore.js';

export interface BotDeps {
  graph: Graph;
  catalog: Catalog;
  interpreters: Interpreters;
  conversations: ConversationStore;
  /** The current index and emergency entries: they change when admins edit the directory. */
  directory: () => { index: DirectoryIndex; emergency: readonly Entry[] };
}

/** Longest text we interpret; beyond it people are not answering a menu, and matching stays cheap. */
const MAX_INPUT = 500;

const isCommand = (x: unknown): x is Command => COMMANDS.some((c) => c === x);

/** Reads what the user did from an activity: a button value, or text (capped). */
export function inputOf(activity: Partial<Activity>): Input {
  const value = activity.value as { choice?: unknown; command?: unknown } | undefined;
  if (value && typeof value === 'object' && (typeof value.choice === 'string' || isCommand(value.command))) {
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
    const { channelId, locale: channelLocale } = context.activity;
    const ctx = this.context(channelId, turn.state.profile, turn.state.profile.locale ?? channelLocale);
    const input = inputOf(context.activity);
    const activities =
      input.kind === 'value' && input.command === 'french'
        ? this.inFrench(context.activity.value, ctx)
        : this.mark(render(turn.outputs, ctx), turn, ctx, saved?.state.profile);
    if (activities.length) await context.sendActivities(activities);
  }

  /** The renderer's context for a language (the conversation's, else the channel's, else French). */
  private context(channelId: string, profile: Profile, wanted: string | undefined): RenderContext {
    const { catalog } = this.deps;
    // A language without texts yet is shown in French, dates and numbers included.
    const resolved = resolveLocale(wanted, catalog.locales);
    const locale = catalog.locales.find((l) => l === resolved) ?? 'fr';
    const meta = catalog.meta[locale];
    const { index, emergency } = this.deps.directory();
    return {
      t: catalog.t(locale),
      style: { locale, tag: meta?.tag ?? locale, rtl: meta?.dir === 'rtl' },
      profile,
      channelId,
      index,
      emergency,
    };
  }

  /**
   * In a language nobody has reviewed yet: say so in the first answer of a conversation (and when it
   * starts again or changes language), and put a "show in French" button under every answer.
   */
  private mark(activities: Partial<Activity>[], turn: StepResult, ctx: RenderContext, before?: Profile) {
    const { locale } = ctx.style;
    if (locale === 'fr' || this.deps.catalog.meta[locale as 'fr']?.reviewed) return activities;
    let prompt = activities.length - 1;
    while (prompt >= 0 && activities[prompt].type !== ActivityTypes.Message) prompt--;
    if (prompt < 0) return activities;
    const entered = turn.outputs.some((o) => o.type === 'enter' && o.nodeId === ROOTS.welcome);
    if (!before || entered || before.locale !== turn.state.profile.locale) {
      const notice = { type: ActivityTypes.Message, text: ctx.t('common.machine-notice'), locale: ctx.style.tag };
      activities.splice(prompt, 0, notice);
    }
    const actions = activities.at(-1)?.suggestedActions?.actions;
    if (actions && turn.state.node !== ROOTS.language)
      actions.push(frenchButton(ctx.t('common.show-french'), turn.outputs));
    return activities;
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
