import { ActionTypes, ActivityTypes, Channels, type Activity, type CardAction } from 'botbuilder';
import type { TFunction } from 'i18next';
import type { DirectoryIndex } from '../directory/search.js';
import type { Entry } from '../directory/schema.js';
import type { Output, Profile } from '../engine/step.js';
import { FORGET_EVENT, FORGET_TRACE } from '../shared/traces.js';
import {
  formatEmergencyLine,
  formatHit,
  formatPartialDate,
  memoText,
  type Style,
} from '../directory/present/formatEntry.js';
import { renderRenewal } from './renewal.js';
import { addCounterCard } from './counterCard.js';

export interface RenderContext {
  t: TFunction;
  /** Another language's texts, for an offer to switch to it. */
  tFor: (locale: string) => TFunction;
  style: Style;
  profile: Profile;
  channelId: string;
  index: DirectoryIndex;
  /** Entries with the emergency.general theme, in curated order. */
  emergency: readonly Entry[];
  /** Today (YYYY-MM-DD) by the bot's clock: renewal windows are counted from it. */
  today?: string;
  /** The node naming the need of contacts shown after entering these nodes (the counter card). */
  needOf?: (entered: string[]) => string | undefined;
}

/** Channels that show suggested actions; elsewhere (SMS…) choices are numbered in the text. */
const BUTTON_CHANNELS = new Set<string>([
  Channels.Emulator,
  Channels.Directline,
  Channels.Webchat,
  Channels.Test,
  Channels.Telegram,
  Channels.Facebook,
  Channels.Line,
  Channels.Kik,
  'directlinespeech',
]);

/** A tree's message with its dated sources, in one language: the same for every user. */
function staticText(
  key: string,
  sources: { url: string; date: string }[] | undefined,
  t: TFunction,
  style: Style,
): string {
  const id = `${style.tag}\u0000${key}\u0000${(sources ?? []).map((s) => `${s.url} ${s.date}`).join('\u0000')}`;
  return memoText(t, id, () =>
    [
      t(key),
      ...(sources ?? []).map((s) => t('common.source', { url: s.url, date: formatPartialDate(s.date, style) })),
    ].join('\n\n'),
  );
}

type Activities = Partial<Activity>[];

function message(activities: Activities, style: Style, text: string, extra: Partial<Activity> = {}): void {
  activities.push({ type: ActivityTypes.Message, text, textFormat: 'markdown', locale: style.tag, ...extra });
}

/** Emulator traces of each node entered, so tests and monitoring follow a conversation without prose. */
function renderEnter(out: Extract<Output, { type: 'enter' }>, activities: Activities, ctx: RenderContext): void {
  if (ctx.channelId !== Channels.Emulator) return;
  activities.push({
    type: ActivityTypes.Trace,
    name: 'passerelle.node',
    label: 'Passerelle node',
    valueType: 'passerelle.node',
    value: { tree: out.tree, nodeId: out.nodeId },
  });
}

/** A menu's choices: suggested actions where the channel shows them, numbered lines elsewhere. */
function renderChoices(out: Extract<Output, { type: 'choices' }>, activities: Activities, ctx: RenderContext): void {
  const prompt = activities.at(-1);
  if (prompt?.type !== ActivityTypes.Message) return;
  const labels = out.choices.map((c) => (c.locale ? ctx.tFor(c.locale) : ctx.t)(c.label));
  const buttons = BUTTON_CHANNELS.has(ctx.channelId);
  const actions: CardAction[] = labels.map((label) => ({ type: ActionTypes.ImBack, title: label, value: label }));
  if (!buttons) prompt.text = `${prompt.text}\n\n${labels.map((l, i) => `${i + 1}. ${l}`).join('\n')}`;
  prompt.suggestedActions = buttons ? { to: [], actions } : undefined;
  prompt.inputHint = 'expectingInput';
  prompt.channelData = {
    choices: out.choices.map((c) => c.id),
    node: out.nodeId,
    ...(out.ask ? { ask: out.ask } : {}),
    ...(out.input ? { input: out.input } : {}),
  };
}

/** Directory contacts for a node's themes near the user; the access-to-rights help when none. */
function renderResources(
  out: Extract<Output, { type: 'resources' }>,
  activities: Activities,
  ctx: RenderContext,
): void {
  const { t, style } = ctx;
  const near = { commune: ctx.profile.commune, lang: style.locale };
  const hits = ctx.index.search({ themes: out.themes, ...near, limit: out.limit });
  if (out.text) message(activities, style, t(out.text));
  if (!hits.length) {
    message(activities, style, t('common.no-results'));
    for (const hit of ctx.index.search({ themes: ['rights.access'], ...near, limit: 2 }))
      message(activities, style, formatHit(hit, t, style));
  }
  for (const hit of hits)
    message(activities, style, formatHit(hit, t, style), { channelData: { entry: hit.entry.id } });
}

/** Free text looked up in the directory; the query is echoed as plain words, never as markdown. */
function renderSearch(out: Extract<Output, { type: 'search' }>, activities: Activities, ctx: RenderContext): void {
  const { t, style } = ctx;
  const hits = ctx.index.search({ q: out.query, commune: ctx.profile.commune, lang: style.locale, limit: 5 });
  const query = out.query
    .replace(/[[\]()*_`<>#~|\\]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 60);
  message(activities, style, t(hits.length ? 'common.search-results' : 'common.search-none', { query }));
  for (const hit of hits)
    message(activities, style, formatHit(hit, t, style), { channelData: { entry: hit.entry.id } });
}

/** Turns engine outputs into Bot Framework activities in the user's language. */
export function render(outputs: Output[], ctx: RenderContext): Partial<Activity>[] {
  const { t, style } = ctx;
  const activities: Activities = [];
  const entered: string[] = [];
  for (const out of outputs) {
    switch (out.type) {
      case 'enter':
        entered.push(out.nodeId);
        renderEnter(out, activities, ctx);
        break;
      case 'text':
        if (out.locale) message(activities, style, ctx.tFor(out.locale)(out.key, out.vars));
        else message(activities, style, out.vars ? t(out.key, out.vars) : staticText(out.key, out.sources, t, style));
        break;
      case 'choices':
        renderChoices(out, activities, ctx);
        break;
      case 'resources': {
        const from = activities.length;
        renderResources(out, activities, ctx);
        const { commune } = ctx.profile;
        const card = { t, style, commune, need: ctx.needOf?.(entered), buttons: BUTTON_CHANNELS.has(ctx.channelId) };
        addCounterCard(activities, from, card);
        break;
      }
      case 'search':
        renderSearch(out, activities, ctx);
        break;
      case 'renewal': {
        const today = ctx.today ?? new Date().toISOString().slice(0, 10);
        activities.push(...renderRenewal(out, { t, style, today, buttons: BUTTON_CHANNELS.has(ctx.channelId) }));
        break;
      }
      case 'emergency': {
        const lines = ctx.emergency.map((e) => formatEmergencyLine(e, style));
        message(activities, style, [t(out.text ?? 'common.emergency.title'), ...lines].join('\n\n'));
        break;
      }
      case 'forget':
        // For the channel hosting the conversation (the local Direct Line drops its transcript);
        // channels drop traces. First, so the last reply stays the bot's message.
        activities.push({
          type: ActivityTypes.Trace,
          name: FORGET_TRACE,
          label: 'Passerelle forget',
          valueType: FORGET_TRACE,
        });
        if (ctx.channelId === Channels.Directline) activities.push({ type: ActivityTypes.Event, name: FORGET_EVENT });
        break;
    }
  }
  return activities;
}
