import type { Entry } from './schema.js';

/** Lower case, no accents, one kind of apostrophe and dash, single spaces. */
export const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/[‐‑–—]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();

/** Digits written with spaces, dots or dashes between them ("04 92 40 61 61") are joined ("0492406161"). */
const joinDigits = (s: string) => s.replace(/(\d)[\s.\u00a0\u202f-]+(?=\d)/g, '$1');

/** The number as people dial it in France: +33492406161 → 0492406161; short numbers as they are. */
const dialled = (number: string) => (number.startsWith('+33') ? `0${number.slice(3)}` : number.replace(/^\+/, ''));

export function quotesPhone(attests: string, number: string): boolean {
  return new RegExp(`(?<!\\d)${dialled(number)}(?!\\d)`).test(joinDigits(attests));
}

/** The street as it would be quoted: case, accents and any "(…)" remark aside. */
export function quotesStreet(attests: string, street: string): boolean {
  return fold(attests).includes(fold(street.replace(/\([^)]*\)/g, '')).replace(/[\s,]+$/, ''));
}

const ROUND_THE_CLOCK = /24\s*\/\s*7|24\s*h(?:eures?)?\s*(?:\/|sur)\s*24|24\s*hours/i;

/** Every clock time a text mentions, as "HH:MM": "9h", "09:00", "14 heures", "8h30", "midi", "minuit". */
function timesIn(text: string): Set<string> {
  const times = new Set<string>();
  const pad = (n: number) => String(n).padStart(2, '0');
  for (const m of fold(text).matchAll(/(?<!\d)(\d{1,2})\s*(?:h|:|heures?)\s*(\d{2})?(?!\d)/g)) {
    const hour = Number(m[1]);
    if (hour <= 24) times.add(`${pad(hour)}:${m[2] ?? '00'}`);
  }
  if (/\bmidi\b/.test(fold(text))) times.add('12:00');
  if (/\bminuit\b/.test(fold(text))) times.add('24:00').add('00:00');
  return times;
}

export function quotesHours(attests: string, osm: string): boolean {
  if (osm.trim() === '24/7') return ROUND_THE_CLOCK.test(attests);
  const wanted = osm.match(/\d{2}:\d{2}/g) ?? [];
  const said = timesIn(attests);
  return wanted.length > 0 && wanted.every((t) => said.has(t));
}

const hostOf = (url: string) => (URL.canParse(url) ? new URL(url).hostname.replace(/^www\./, '') : '');

/** Which of an entry's sources (index) quote each contact fact; a fact no source quotes has none. */
export interface Attestations {
  phones: (number | undefined)[];
  email?: number;
  address?: number;
  website?: number;
  hours?: number;
}

/** The first source of the entry that quotes each of its contact facts (the honesty rule of data/SOURCES.md). */
export function attestations(e: Entry): Attestations {
  const first = (test: (attests: string, url: string) => boolean) => {
    const i = e.sources.findIndex((s) => test(s.attests, s.url));
    return i < 0 ? undefined : i;
  };
  const site = e.website ? hostOf(e.website) : '';
  return {
    phones: e.phones.map(({ number }) => first((a) => quotesPhone(a, number))),
    ...(e.email ? { email: first((a) => fold(a).includes(fold(e.email!))) } : {}),
    ...(e.address?.street ? { address: first((a) => quotesStreet(a, e.address!.street!)) } : {}),
    ...(site ? { website: first((a, url) => hostOf(url) === site || fold(a).includes(site)) } : {}),
    ...(e.hours?.osm ? { hours: first((a) => quotesHours(a, e.hours!.osm!)) } : {}),
  };
}

/** What an entry publishes that none of its own sources quotes, as readable lines ("phone +33…"). */
export function unquotedFacts(e: Entry): string[] {
  const quoted = (test: (attests: string) => boolean) => e.sources.some((s) => test(s.attests));
  const missing: string[] = [];
  for (const { number } of e.phones) if (!quoted((a) => quotesPhone(a, number))) missing.push(`phone ${number}`);
  if (e.email && !quoted((a) => fold(a).includes(fold(e.email!)))) missing.push(`email ${e.email}`);
  if (e.address?.street && !quoted((a) => quotesStreet(a, e.address!.street!)))
    missing.push(`street ${e.address.street}`);
  if (e.hours?.osm && !quoted((a) => quotesHours(a, e.hours!.osm!))) missing.push(`hours ${e.hours.osm}`);
  for (const s of e.sites ?? []) {
    if (s.address.street && !quoted((a) => quotesStreet(a, s.address.street!)))
      missing.push(`site street ${s.address.street}`);
    if (s.hours && !quoted((a) => quotesHours(a, s.hours!))) missing.push(`site hours ${s.hours}`);
  }
  return missing;
}
