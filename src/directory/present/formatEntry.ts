import type { TFunction } from 'i18next';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { HoursStatus } from '../hours.js';
import type { Entry } from '../schema.js';
import type { LineFormat } from './truthLines.js';
import { formatPartialDate as formatDate, type DateFormatter } from '../../common/partialDate.js';

export interface Style {
  locale: string;
  /** BCP 47 tag for Intl formatting. */
  tag: string;
  rtl: boolean;
}

const MARKDOWN = /[\\`*_[\]<>#|~]/g;
/** In a web or e-mail address only what could open a link or HTML: `_` and `~` stay, so it still links. */
const MARKDOWN_IN_ADDRESS = /[\\`[\]<>]/g;

/**
 * Directory text as plain words inside the chat's markdown: characters that would make a link, an
 * image, emphasis, a heading, a table or HTML are escaped ("[115](https://evil.example/115)" shows
 * as written, it does not become a link labelled 115).
 */
export function escapeMarkdown(text: string, address = false): string {
  return text.replace(address ? MARKDOWN_IN_ADDRESS : MARKDOWN, '\\$&');
}

/** Keeps left-to-right fragments (numbers, addresses, French names) whole inside right-to-left text. */
export function isolate(text: string, style: Style): string {
  return style.rtl ? `\u2068${text}\u2069` : text;
}

/**
 * A markdown link, isolated as a whole in right-to-left text: the isolates go around the link, never
 * inside its target or its text, where a renderer's autolinking would take them into the address
 * ("lacimade.org" + U+2069 became "lacimade.xn--org-yx0a") and a copied number would not dial.
 */
export function isolatedLink(text: string, href: string, style: Style): string {
  const label = text.replace(/[\\[\]*_`<>]/g, (c) => `\\${c}`);
  const target = href.replace(/[()\s]/g, (c) => encodeURIComponent(c));
  return isolate(`[${label}](${target})`, style);
}

export function localized(
  text: Record<string, string | undefined> | undefined,
  locale: string,
): { text: string; fallback: boolean } | undefined {
  if (!text) return undefined;
  const own = text[locale];
  return own ? { text: own, fallback: false } : { text: text.fr ?? '', fallback: locale !== 'fr' };
}

/** A bounded cache: what `build` gives for `key`, built once (the map is emptied when it reaches 10,000). */
function cached<T>(map: Map<string, T>, key: string, build: () => T): T {
  let value = map.get(key);
  if (value === undefined) {
    if (map.size >= 10_000) map.clear();
    map.set(key, (value = build()));
  }
  return value;
}

/**
 * Texts that are the same for every user (a tree's message with its sources, a verification date, an
 * opening time), by translator, so that another catalog never sees them: built once. Never used for
 * what users type.
 */
const texts = new WeakMap<TFunction, Map<string, string>>();
export function memoText(t: TFunction, id: string, build: () => string): string {
  let map = texts.get(t);
  if (!map) texts.set(t, (map = new Map()));
  return cached(map, id, build);
}

/** Phone links by number: parsing with the full metadata takes tens of microseconds, and numbers come from the directory. */
const phoneLinks = new Map<string, { display: string; href: string }>();

/** "04 92 40 61 61" for display, "tel:+33492406161" for the link; short numbers stay as they are. */
export function phoneLink(number: string): { display: string; href: string } {
  return cached(phoneLinks, number, () => {
    const parsed = number.startsWith('+') ? parsePhoneNumberFromString(number) : undefined;
    const display = parsed
      ? parsed.country === 'FR'
        ? parsed.formatNational()
        : parsed.formatInternational()
      : number;
    return { display, href: `tel:${number}` };
  });
}

/** Formatters of the shared date rule, one per language and precision. */
const partialDateFormatter: DateFormatter = (tag, options) =>
  cached(
    dateFormats,
    `${tag}|${options.dateStyle ?? ''}|${options.month ?? ''}`,
    () => new Intl.DateTimeFormat(tag, options),
  );

/** "2026", "2026-02" or "2026-02-14" in the user's language, with no more precision than given. */
export function formatPartialDate(date: string, style: Style): string {
  return formatDate(date, style.tag, partialDateFormatter);
}

/** "lundi 09:00" in the user's language, from a Paris wall-clock time "YYYY-MM-DDTHH:mm". */
export function formatWhen(wallClock: string, style: Style): string {
  const format = cached(
    dateFormats,
    `${style.tag}|when`,
    () => new Intl.DateTimeFormat(`${style.tag}-u-ca-gregory`, WHEN),
  );
  return format.format(new Date(`${wallClock}:00Z`));
}

/** Building an Intl.DateTimeFormat costs far more than using one: one per language and kind. */
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const WHEN: Intl.DateTimeFormatOptions = { weekday: 'long', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' };

const displayNames = new Map<string, Intl.DisplayNames | null>();

/** A language's name in the reader's language (ISO 639 code as a last resort), for chat and API. */
export function languageName(code: string, tag: string): string {
  if (!displayNames.has(tag)) {
    try {
      displayNames.set(tag, new Intl.DisplayNames([tag, 'fr'], { type: 'language' }));
    } catch {
      displayNames.set(tag, null);
    }
  }
  return displayNames.get(tag)?.of(code) ?? code;
}

/** "Open now until Monday 17:00" or "Closed now. Opens …", in the user's language; undefined when unknown. */
export function openLine(hours: HoursStatus, t: TFunction, style: Style): string | undefined {
  const when = (key: string, at: string) =>
    memoText(t, `${key}\u0000${style.tag}\u0000${at}`, () => t(key, { when: formatWhen(at, style) }));
  if (hours.open === true)
    return `${t('common.hours.open')}${hours.nextChange ? ` ${when('common.hours.until', hours.nextChange)}` : ''}`;
  if (hours.open === false)
    return hours.nextChange ? when('common.hours.closed-next', hours.nextChange) : t('common.hours.closed');
  return undefined;
}

export const lineFormat = (t: TFunction, style: Style): LineFormat => ({
  isolate: (text) => isolate(text, style),
  localize: (text) => localized(text, style.locale),
  open: (hours) => openLine(hours, t, style),
  date: (date) => formatPartialDate(date, style),
});

/** One line of the emergency block: the number (a tel: link without buttons) and what it is for. */
export function formatEmergencyLine(e: Entry, style: Style, { buttons = false } = {}): string {
  const phone = e.phones[0];
  const summary = escapeMarkdown(localized(e.summary, style.locale)?.text ?? e.name);
  if (!phone) return `🚨 ${summary}`;
  const { display, href } = phoneLink(phone.number);
  const number = buttons ? isolate(display, style) : isolatedLink(display, href, style);
  return `🚨 **${number}** — ${summary}`;
}
