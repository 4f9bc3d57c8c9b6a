import type { TFunction } from 'i18next';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Hit } from '../search.js';
import type { Entry } from '../schema.js';
import { formatPartialDate as formatDate, type DateFormatter } from '../../shared/partialDate.js';

export interface Style {
  locale: string;
  /** BCP 47 tag for Intl formatting. */
  tag: string;
  rtl: boolean;
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

function formatWhen(wallClock: string, style: Style): string {
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

/** One directory hit as a short markdown message: what, where, how to reach, when, how fresh. */
export function formatHit(hit: Hit, t: TFunction, style: Style): string {
  const e: Entry = hit.entry;
  const lines: string[] = [`**${isolate(e.name, style)}**`];
  const summary = localized(e.summary, style.locale);
  if (summary) lines.push(summary.fallback ? `${summary.text} ${t('common.result.in-french')}` : summary.text);
  if (e.address) {
    const where = [e.address.street, [e.address.postalCode, e.address.town].filter(Boolean).join(' ')]
      .filter(Boolean)
      .join(', ');
    lines.push(`📍 ${isolate(where, style)}`);
  }
  for (const phone of e.phones) {
    const { display, href } = phoneLink(phone.number);
    const label = localized(phone.label, style.locale)?.text;
    lines.push(
      `📞 ${isolatedLink(display, href, style)}${label ? ` — ${label}` : ''}${phone.sms ? ` ${t('common.result.sms')}` : ''}`,
    );
  }
  if (e.email) lines.push(`✉️ ${isolatedLink(e.email, `mailto:${e.email}`, style)}`);
  if (e.website) lines.push(`🌐 ${isolatedLink(e.website, e.website, style)}`);
  const hours = hit.hours;
  const when = (key: string, at: string) =>
    memoText(t, `${key}\u0000${style.tag}\u0000${at}`, () => t(key, { when: formatWhen(at, style) }));
  if (hours?.open === true)
    lines.push(
      `🕘 ${t('common.hours.open')}${hours.nextChange ? ` ${when('common.hours.until', hours.nextChange)}` : ''}`,
    );
  else if (hours?.open === false)
    lines.push(
      `🕘 ${hours.nextChange ? when('common.hours.closed-next', hours.nextChange) : t('common.hours.closed')}`,
    );
  const note = localized(e.hours?.note, style.locale)?.text;
  if (note) lines.push(`🕘 ${note}`);
  if (e.appointmentOnly) lines.push(`📅 ${t('common.result.appointment')}`);
  if (e.languagesSpoken.length) lines.push(`🗣 ${e.languagesSpoken.map((c) => languageName(c, style.tag)).join(', ')}`);
  if (e.free) lines.push(`✅ ${t('common.result.free')}`);
  const caveat = localized(e.caveat, style.locale)?.text;
  if (caveat) lines.push(`⚠️ ${caveat}`);
  const checked = memoText(t, `checked\u0000${style.tag}\u0000${e.verifiedAt}`, () =>
    t('common.result.checked', { date: formatPartialDate(e.verifiedAt, style) }),
  );
  lines.push(
    hit.stale || e.status === 'needs-verification' ? `⚠️ ${checked} ${t('common.result.call-first')}` : `🔎 ${checked}`,
  );
  return lines.join('  \n');
}

/** One line of the emergency block: the number as a link and what it is for. */
export function formatEmergencyLine(e: Entry, style: Style): string {
  const phone = e.phones[0];
  const summary = localized(e.summary, style.locale)?.text ?? e.name;
  if (!phone) return `🚨 ${summary}`;
  const { display, href } = phoneLink(phone.number);
  return `🚨 **${isolatedLink(display, href, style)}** — ${summary}`;
}
