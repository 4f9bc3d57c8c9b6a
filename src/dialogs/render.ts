import { ActivityTypes, Channels, type Activity } from 'botbuilder';
import type { TFunction } from 'i18next';
import type { DirectoryIndex, Hit } from '../directory/search.js';
import type { Entry } from '../directory/schema.js';
import type { Output, Profile } from '../engine/step.js';
import { FORGET_EVENT, FORGET_TRACE } from '../common/traces.js';
import { withoutSuperseded } from '../directory/rules.js';
import { formatPartialDate, memoText, type Style } from '../directory/present/formatEntry.js';
import { staticText } from './staticText.js';
import { formatHit } from '../directory/present/formatHit.js';
import { contactCard } from './callActions.js';
import { choiceChips } from './choicePages.js';
import { emergencyScreen } from './emergencyScreen.js';
import { withReportAction } from './reportAction.js';
import { renderRenewal } from './renewal.js';
import { addCounterCard } from './counterCard.js';

import type { RenderContext } from './renderContext.js';
export type { RenderContext, Shown } from './renderContext.js';

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

/** A menu's choices: at most four chips where the channel shows them (see choicePages), numbered lines elsewhere. */
function renderChoices(out: Extract<Output, { type: 'choices' }>, activities: Activities, ctx: RenderContext): void {
  const prompt = activities.at(-1);
  if (prompt?.type !== ActivityTypes.Message) return;
  const labels = out.choices.map((c) => (c.locale ? ctx.tFor(c.locale) : ctx.t)(c.label));
  const buttons = BUTTON_CHANNELS.has(ctx.channelId);
  if (!buttons) prompt.text = `${prompt.text}\n\n${labels.map((l, i) => `${i + 1}. ${l}`).join('\n')}`;
  if (buttons) {
    // The tree's `first` choices lead the chips; numbers typed keep the tree's order.
    const rank = (id: string) => out.first?.indexOf(id) ?? -1;
    const order = out.choices.map((c, i) => ({ i, r: rank(c.id) }));
    order.sort((a, b) => (a.r < 0 ? Infinity : a.r) - (b.r < 0 ? Infinity : b.r) || a.i - b.i);
    prompt.suggestedActions = {
      to: [],
      actions: choiceChips(
        order.map((o) => labels[o.i]),
        ctx.page ?? 0,
        ctx.t,
      ),
    };
  } else prompt.suggestedActions = undefined;
  prompt.inputHint = 'expectingInput';
  prompt.channelData = {
    choices: out.choices.map((c) => c.id),
    node: out.nodeId,
    ...(out.ask ? { ask: out.ask } : {}),
    ...(out.input ? { input: out.input } : {}),
  };
}

/** One contact: its card text and, where the channel shows buttons, a call button per number. */
function contact(activities: Activities, hit: Hit, ctx: RenderContext, extra: Partial<Activity> = {}): void {
  const buttons = BUTTON_CHANNELS.has(ctx.channelId);
  const card = buttons ? contactCard(hit.entry, ctx.t, ctx.style) : undefined;
  message(activities, ctx.style, formatHit(hit, ctx.t, ctx.style, { buttons }), {
    ...extra,
    ...(card ? { attachments: [card] } : {}),
  });
  withReportAction(activities.at(-1)!, hit.entry.id, ctx, buttons);
}

/** Directory contacts for a node's themes near the user; the access-to-rights help when none. */
function renderResources(
  out: Extract<Output, { type: 'resources' }>,
  activities: Activities,
  ctx: RenderContext,
): void {
  const { t, style } = ctx;
  const near = { commune: ctx.profile.commune, lang: style.locale, at: new Date((ctx.now ?? Date.now)()) };
  // A few more than shown: very old entries give way to fresher ones serving the same need.
  const found = ctx.index.search({ themes: out.themes, ...near, limit: out.limit + 3 });
  const hits = withoutSuperseded(found, out.themes).slice(0, out.limit);
  ctx.shown?.push({ output: out, hits });
  if (out.text) message(activities, style, t(out.text));
  if (!hits.length) {
    message(activities, style, t('common.no-results'));
    const help = ctx.index.search({ themes: ['rights.access'], ...near, limit: 2 });
    ctx.shown?.push({ output: out, hits: help, fallback: true });
    for (const hit of help) contact(activities, hit, ctx);
  }
  for (const hit of hits) contact(activities, hit, ctx, { channelData: { entry: hit.entry.id } });
}

/** Free text looked up in the directory; the query is echoed as plain words, never as markdown. */
function renderSearch(out: Extract<Output, { type: 'search' }>, activities: Activities, ctx: RenderContext): void {
  const { t, style } = ctx;
  const at = new Date((ctx.now ?? Date.now)());
  const hits = ctx.index.search({ q: out.query, commune: ctx.profile.commune, lang: style.locale, limit: 5, at });
  ctx.shown?.push({ output: out, hits });
  const query = out.query
    .replace(/[[\]()*_`<>#~|\\]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 60);
  message(activities, style, t(hits.length ? 'common.search-results' : 'common.search-none', { query }));
  for (const hit of hits) contact(activities, hit, ctx, { channelData: { entry: hit.entry.id } });
}

/** The emergency numbers: call buttons first where the channel shows them (see emergencyScreen). */
function renderEmergency(
  out: Extract<Output, { type: 'emergency' }>,
  activities: Activities,
  ctx: RenderContext,
): void {
  const title = ctx.t(out.text ?? 'common.emergency.title');
  const buttons = BUTTON_CHANNELS.has(ctx.channelId);
  const { text, extra } = emergencyScreen(ctx.emergency, out.lead, title, buttons, ctx.t, ctx.style);
  message(activities, ctx.style, text, extra);
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
        else message(activities, style, out.vars ? t(out.key, out.vars) : staticText(out.key, out.sources, t, ctx));
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
      case 'emergency':
        renderEmergency(out, activities, ctx);
        break;
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
