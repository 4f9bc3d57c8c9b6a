import type { Locale } from '../common/locales.js';
import type { Catalog } from './catalog.js';
import { expectedKeys, frenchOf } from './keys.js';
import {
  countStatuses,
  isFullyReviewed,
  stringStatus,
  type Counts,
  type ReviewRecord,
  type StringStatus,
} from './review.js';

export interface StringRow {
  key: string;
  /** The French source ("" for a French key that no longer exists). */
  fr: string;
  /** The language's own text; undefined when French is shown in its place. */
  text?: string;
  status: StringStatus;
  review?: ReviewRecord;
}

/** Every string a language must have, with its French source and review state, in French key order. */
export function stringRows(catalog: Pick<Catalog, 'texts' | 'meta' | 'reviews'>, lng: Locale): StringRow[] {
  const tag = catalog.meta[lng]?.tag ?? lng;
  const own = catalog.texts[lng] ?? {};
  const reviews = catalog.reviews[lng] ?? {};
  return expectedKeys(catalog.texts, lng, tag).map((key) => {
    const fr = frenchOf(catalog.texts, key) ?? '';
    const text = own[key];
    const review = reviews[key];
    return {
      key,
      fr,
      ...(text === undefined ? {} : { text }),
      status: stringStatus(review, fr, text),
      ...(review ? { review } : {}),
    };
  });
}

export interface LanguageStatus {
  code: Locale;
  name: string;
  dir: 'ltr' | 'rtl';
  translation: 'source' | 'human' | 'machine';
  /** Every string reviewed against the current French (what meta.json's `reviewed` must say). */
  reviewed: boolean;
  strings: Counts;
}

/** Per language: how it was translated and how many of its strings are reviewed, to review, stale. */
export function languageStatuses(catalog: Pick<Catalog, 'locales' | 'texts' | 'meta' | 'reviews'>): LanguageStatus[] {
  return catalog.locales.map((code) => {
    const meta = catalog.meta[code];
    const strings = countStatuses(stringRows(catalog, code).map((r) => r.status));
    return {
      code,
      name: meta?.name ?? code,
      dir: meta?.dir ?? 'ltr',
      translation: meta?.translation ?? 'machine',
      reviewed: isFullyReviewed(strings),
      strings,
    };
  });
}

/** meta.json files whose `reviewed` disagrees with their review.json. */
export function reviewMismatches(catalog: Pick<Catalog, 'locales' | 'texts' | 'meta' | 'reviews'>): string[] {
  return languageStatuses(catalog)
    .filter((s) => catalog.meta[s.code] && catalog.meta[s.code]!.reviewed !== s.reviewed)
    .map(
      (s) =>
        `${s.code}: meta.json says "reviewed": ${String(!s.reviewed)} but review.json has ${s.strings.reviewed} of ` +
        `${s.strings.total} strings reviewed (${s.strings.toReview} to review, ${s.strings.stale} stale): ` +
        'run "npm run i18n -- status --write"',
    );
}
