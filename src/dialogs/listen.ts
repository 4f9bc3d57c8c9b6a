import { ActivityTypes, Channels, type Activity } from 'botbuilder';
import type { TFunction } from 'i18next';
import type { Locale } from '../common/locales.js';
import type { Speech } from '../speech/speech.js';

/** Web Chat shows an audio card as a player: the "listen" button under an answer. */
export const AUDIO_CARD = 'application/vnd.microsoft.card.audio';

/** Channels whose client resolves this server's relative URLs (our Web Chat page, tests). */
const AUDIO_CHANNELS = new Set<string>([Channels.Webchat, Channels.Directline, Channels.Test, Channels.Emulator]);

export interface ListenContext {
  speech: Speech;
  locale: Locale;
  t: TFunction;
  channelId: string;
  /** The "read every answer aloud" setting: the turn's first answer starts playing by itself. */
  autoplay: boolean;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const MARK = '\u0001';

/** A catalogue template as a pattern: each variable matches any text. */
function template(t: TFunction, key: string, vars: string[]): RegExp {
  const filled = t(key, Object.fromEntries(vars.map((v) => [v, MARK])));
  return new RegExp(`^${escape(filled).replace(new RegExp(MARK, 'g'), '([\\s\\S]*?)')}$`);
}

interface Patterns {
  sources: RegExp[];
  echoes: { pattern: RegExp; quiet: string }[];
}
const patterns = new WeakMap<TFunction, Patterns>();

/** Official sources are links for reviewers: not read. What users typed is never read aloud. */
function patternsOf(t: TFunction): Patterns {
  let found = patterns.get(t);
  if (!found) {
    const echoes = ['common.search-results', 'common.search-none'].map((key) => ({
      pattern: template(t, key, ['query']),
      quiet: t(key, { query: '' }),
    }));
    // Official sources and the others (cited by their site's name, issue 13) are shown, never read aloud.
    const sources = [
      template(t, 'common.source', ['url', 'date']),
      template(t, 'common.source-other', ['site', 'url', 'date']),
    ];
    patterns.set(t, (found = { sources, echoes }));
  }
  return found;
}

/** Spoken texts by language and answer: the same menus and answers come back turn after turn. */
const spokenCache = new WeakMap<TFunction, Map<string, { text: string; main: string }>>();

/** What an answer says aloud: its text without sources or echoed input, then its buttons, numbered. */
export function spokenText(activity: Partial<Activity>, t: TFunction): { text: string; main: string } {
  const titles = (activity.suggestedActions?.actions ?? []).map((a) => a.title ?? '').join('\u0001');
  const id = `${activity.text ?? ''}\u0000${titles}`;
  let byText = spokenCache.get(t);
  if (!byText) spokenCache.set(t, (byText = new Map()));
  let spoken = byText.get(id);
  if (!spoken) {
    if (byText.size >= 5_000) byText.clear();
    byText.set(id, (spoken = spokenOf(activity, t)));
  }
  return spoken;
}

function spokenOf(activity: Partial<Activity>, t: TFunction): { text: string; main: string } {
  const { sources, echoes } = patternsOf(t);
  const paragraphs = String(activity.text ?? '')
    .split(/\n{2,}/)
    .filter((p) => !sources.some((source) => source.test(p.trim())))
    .map((p) => echoes.find((e) => e.pattern.test(p.trim()))?.quiet ?? p);
  const choices = (activity.suggestedActions?.actions ?? []).map((a, i) => `${i + 1}. ${a.title ?? ''}`);
  return { text: [...paragraphs, ...choices].join('\n'), main: paragraphs.join('\n\n') };
}

/**
 * Adds a "listen" audio card to every answer of a turn (directory cards included). Rendering only
 * registers the text and attaches its URL: synthesis happens when the audio is fetched.
 */
export function addListen(activities: Partial<Activity>[], ctx: ListenContext): void {
  if (!AUDIO_CHANNELS.has(ctx.channelId)) return;
  const { speech, locale, t } = ctx;
  const messages = activities.filter((a) => a.type === ActivityTypes.Message && a.text);
  const card = (url: string, autostart: boolean) => ({
    contentType: AUDIO_CARD,
    content: { title: t('audio.listen'), media: [{ url }], autostart, autoloop: false },
  });
  const spoken = messages.map((m) => spokenText(m, t));
  messages.forEach((message, i) => {
    // A catalogue text may have a native speaker's recording: it is found by its exact words.
    const url = speech.register(locale, spoken[i].text, speech.keyOf(locale, spoken[i].main));
    if (url) message.attachments = [...(message.attachments ?? []), card(url, false)];
  });
  if (!ctx.autoplay || !messages.length) return;
  const whole = speech.register(locale, spoken.map((s) => s.text).join('\n'));
  const first = messages[0];
  // The whole turn in one audio that starts by itself; the first answer's own player gives way.
  if (whole)
    first.attachments = [...(first.attachments ?? []).filter((a) => a.contentType !== AUDIO_CARD), card(whole, true)];
}
