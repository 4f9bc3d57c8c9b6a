import { ActionTypes, ActivityTypes, Channels, type Activity, type CardAction } from 'botbuilder';
import type { TFunction } from 'i18next';
import type { DirectoryIndex } from '../directory/search.js';
import type { Entry } from '../directory/schema.js';
import type { Output, Profile } from '../engine/step.js';
import { FORGET_TRACE } from '../shared/traces.js';
import { formatEmergencyLine, formatHit, formatPartialDate, memoText, type Style } from '../directory/present/formatEntry.js';

export interface RenderContext {
  t: TFunction;
  style: Style;
  profile: Profile;
  channelId: string;
  index: DirectoryIndex;
  /** Entries with the emergency.general theme, in curated order. */
  emergency: readonly Entry[];
}

/** Channels that show suggested actions; elsewhere (SMS…) choices are numbered in the text. */
const BUTTON_CHANNELS = new Set<string>([Channels.Emulator, Channels.Directline, Channels.Webchat, Channels.Test, Channels.Telegram, Channels.Facebook, Channels.Line, Channels.Kik, 'directlinespeech']);

/** A tree's message with its dated sources, in one language: the same for every user. */
function staticText(key: string, sources: { url: string; date: string }[] | undefined, t: TFunction, style: Style): string {
  const id = `${style.tag}\u0000${key}\u0000${(sources ?? []).map((s) => `${s.url} ${s.date}`).join('\u0000')}`;
  return memoText(t, id, () => [t(key), ...(sources ?? []).map((s) => t('common.source', { url: s.url, date: formatPartialDate(s.date, style) }))].join('\n\n'));
}

/** Turns engine outputs into Bot Framework activities in the user's language. */
export function render(outputs: Output[], ctx: RenderContext): Partial<Activity>[] {
  const { t, style } = ctx;
  const activities: Partial<Activity>[] = [];
  const message = (text: string, extra: Partial<Activity> = {}) =>
    activities.push({ type: ActivityTypes.Message, text, textFormat: 'markdown', locale: style.tag, ...extra });

  for (const out of outputs) {
    switch (out.type) {
      case 'enter':
        if (ctx.channelId === Channels.Emulator) {
          activities.push({ type: ActivityTypes.Trace, name: 'passerelle.node', label: 'Passerelle node', valueType: 'passerelle.node', value: { tree: out.tree, nodeId: out.nodeId } });
        }
        break;
      case 'text':
        message(out.vars ? t(out.key, out.vars) : staticText(out.key, out.sources, t, style));
        break;
      case 'choices': {
        const prompt = activities.at(-1);
        const labels = out.choices.map((c) => t(c.label));
        const buttons = BUTTON_CHANNELS.has(ctx.channelId);
        const actions: CardAction[] = labels.map((label) => ({ type: ActionTypes.ImBack, title: label, value: label }));
        const numbered = labels.map((l, i) => `${i + 1}. ${l}`).join('\n');
        if (prompt?.type === ActivityTypes.Message) {
          if (!buttons) prompt.text = `${prompt.text}\n\n${numbered}`;
          prompt.suggestedActions = buttons ? { to: [], actions } : undefined;
          prompt.inputHint = 'expectingInput';
          prompt.channelData = { choices: out.choices.map((c) => c.id), node: out.nodeId };
        }
        break;
      }
      case 'resources': {
        const hits = ctx.index.search({ themes: out.themes, commune: ctx.profile.commune, lang: style.locale, limit: out.limit });
        if (out.text) message(t(out.text));
        if (!hits.length) {
          message(t('common.no-results'));
          const help = ctx.index.search({ themes: ['rights.access'], commune: ctx.profile.commune, lang: style.locale, limit: 2 });
          for (const hit of help) message(formatHit(hit, t, style));
        }
        for (const hit of hits) message(formatHit(hit, t, style), { channelData: { entry: hit.entry.id } });
        break;
      }
      case 'search': {
        const hits = ctx.index.search({ q: out.query, commune: ctx.profile.commune, lang: style.locale, limit: 5 });
        // The query is echoed as plain words: no markdown from user input, and short.
        const query = out.query.replace(/[[\]()*_`<>#~|\\]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 60);
        message(t(hits.length ? 'common.search-results' : 'common.search-none', { query }));
        for (const hit of hits) message(formatHit(hit, t, style), { channelData: { entry: hit.entry.id } });
        break;
      }
      case 'emergency':
        message([t(out.text ?? 'common.emergency.title'), ...ctx.emergency.map((e) => formatEmergencyLine(e, style))].join('\n\n'));
        break;
      case 'forget':
        // For the channel hosting the conversation (the local Direct Line drops its transcript);
        // channels drop traces. First, so the last reply stays the bot's message.
        activities.push({ type: ActivityTypes.Trace, name: FORGET_TRACE, label: 'Passerelle forget', valueType: FORGET_TRACE });
        break;
    }
  }
  return activities;
}
