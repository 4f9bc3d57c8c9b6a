import { createRequire } from 'node:module';
import type { ParseResult } from '../engine/interpreter.js';
import type { Locale } from '../common/locales.js';
import { isoDay } from '../common/renewal.js';
import { foldDigits, tokens } from '../common/text.js';

/**
 * Dates as people type them, in every language: "12/03/2027", "12.3.27", "2027-03-12", "03/2027",
 * "mars 2027", "12 March 2027", "۱۲/۰۳/۲۰۲۷", "12 مارچ 2027". Day first (French cards); a middle
 * number above 12 is read month first. Value: "YYYY-MM-DD", or "YYYY-MM" when no day is given.
 */

/** Month names from the platform's own locale data (ICU), with regional variants people use. */
const MONTH_TAGS: Record<Locale, string[]> = {
  fr: [],
  en: ['en-US'],
  ar: ['ar-SA', 'ar-SY', 'ar-MA'],
  fa: ['fa-AF', 'fa-IR'],
  ps: ['ps-AF'],
  ti: ['ti-ER'],
  ru: ['ru-RU'],
  uk: ['uk-UA'],
};

/** Normalised month word → month (1–12): nominative and genitive ("март", "марта"). */
function monthWords(locale: Locale): Map<string, number> {
  const words = new Map<string, number>();
  for (const tag of ['fr-FR', 'en-GB', ...MONTH_TAGS[locale]]) {
    for (const options of [{ month: 'long' }, { month: 'short' }, { day: 'numeric', month: 'long' }] as const) {
      const format = new Intl.DateTimeFormat(`${tag}-u-ca-gregory`, { ...options, timeZone: 'UTC' });
      for (let m = 0; m < 12; m++) {
        const name = format.formatToParts(Date.UTC(2020, m, 1)).find((p) => p.type === 'month')?.value ?? '';
        for (const word of tokens(name)) if (word.length >= 3 && !words.has(word)) words.set(word, m + 1);
      }
    }
  }
  return words;
}

const pad = (n: number) => String(n).padStart(2, '0');
const year = (y: string) => (y.length === 2 ? 2000 + Number(y) : Number(y));

function day(y: number, m: number, d: number): string | null {
  return isoDay(`${y}-${pad(m)}-${pad(d)}`);
}

const month = (y: number, m: number) => (m >= 1 && m <= 12 && y >= 1900 && y <= 2200 ? `${y}-${pad(m)}` : null);

/** Digits only: d/m/y, y-m-d, m/y. */
function numericDate(text: string): string | null {
  const ymd = /(?:^|\D)(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?:\D|$)/.exec(text);
  if (ymd) return day(Number(ymd[1]), Number(ymd[2]), Number(ymd[3]));
  const dmy = /(?:^|\D)(\d{1,2})\s*[-./\s]\s*(\d{1,2})\s*[-./\s]\s*(\d{4}|\d{2})(?:\D|$)/.exec(text);
  if (dmy) {
    const [a, b, y] = [Number(dmy[1]), Number(dmy[2]), year(dmy[3])];
    return b > 12 ? day(y, a, b) : day(y, b, a);
  }
  const my = /(?:^|\D)(\d{1,2})\s*[-./]\s*(\d{4})(?:\D|$)/.exec(text);
  return my ? month(Number(my[2]), Number(my[1])) : null;
}

/** A month name with a year, and maybe a day: "12 mars 2027", "March 2027", "2027 марта 12". */
function namedDate(words: string[], months: Map<string, number>): string | null {
  let m = 0;
  for (const w of words) {
    m = months.get(w) ?? [...months].find(([name]) => w.length >= 3 && name.startsWith(w))?.[1] ?? 0;
    if (m) break;
  }
  const years = words.filter((w) => /^\d{4}$/.test(w));
  const days = words.filter((w) => /^\d{1,2}$/.test(w)).map(Number);
  if (!m || years.length !== 1) return null;
  const y = Number(years[0]);
  return days.length === 1 ? day(y, m, days[0]) : days.length ? null : month(y, m);
}

type Resolution = { values?: { timex?: string; type?: string; value?: string }[] };

/** Recognizers-Text's date model (fr, en): built on first need — it costs seconds — only for phrasing we do not read. */
function recognizerDate(culture: string): (text: string) => string | null {
  let model: { parse(text: string): { resolution?: Resolution }[] } | undefined;
  return (text) => {
    if (!model) {
      const { DateTimeRecognizer } = createRequire(import.meta.url)('@microsoft/recognizers-text-date-time');
      model = new DateTimeRecognizer(culture).getDateTimeModel(culture);
    }
    for (const found of model!.parse(text)) {
      for (const v of found.resolution?.values ?? []) {
        if (v.type === 'date' && v.timex && /^\d{4}-\d{2}-\d{2}$/.test(v.timex)) return isoDay(v.timex);
        if (v.type === 'daterange' && v.timex && /^\d{4}-\d{2}$/.test(v.timex)) return v.timex;
      }
    }
    return null;
  };
}

const RECOGNIZED: Partial<Record<Locale, string>> = { fr: 'fr-fr', en: 'en-us' };

/** The date parser of a language (the `date` input of a menu). */
export function dateParser(locale: Locale): (text: string) => ParseResult {
  const months = monthWords(locale);
  const culture = RECOGNIZED[locale];
  const recognizer = culture ? recognizerDate(culture) : undefined;
  return (text) => {
    if (text.length > 80) return null;
    const folded = foldDigits(text.normalize('NFKC'));
    const words = tokens(text);
    const found =
      numericDate(folded) ??
      namedDate(words, months) ??
      // Digits with separators that are no real day ("31/02/2027") are a typo, not a phrase to resolve.
      (recognizer && /\d/.test(folded) && !/\d\s*[-./]\s*\d/.test(folded) ? recognizer(text) : null);
    return found ? { value: found } : null;
  };
}
