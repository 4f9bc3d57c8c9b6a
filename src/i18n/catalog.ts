import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type i18n, type TFunction, type TOptions } from 'i18next';
import { LOCALES, type Locale } from '../common/locales.js';
import { z } from 'zod';
import { describeIssues } from '../common/zodIssues.js';
import { ReviewFile, type ReviewRecord } from './review.js';

/** How a locale was produced (locales/<lng>/meta.json), shown in the README and checked on load. */
export const LocaleMeta = z.strictObject({
  /** The language's name in its own script. */
  name: z.string().min(1),
  dir: z.enum(['ltr', 'rtl']),
  /** BCP 47 tag used for dates, numbers and the message `locale`. */
  tag: z.string().regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/),
  translation: z.enum(['source', 'human', 'machine']),
  /** Derived from review.json (every string reviewed against the current French): checked, never set by hand. */
  reviewed: z.boolean(),
  /** The language's name in English, for the README's provenance table. */
  englishName: z.string().min(1).optional(),
  notes: z.string().optional(),
});
export type LocaleMeta = z.infer<typeof LocaleMeta>;

/** Files of a locale folder that are data for other layers (matching, reviews), not texts. */
const DATA_FILES = new Set(['meta.json', 'lexicon.json', 'intents.json', 'review.json']);
/** The data files the catalog itself reads. */
const READ = new Set(['meta.json', 'review.json']);

export interface Catalog {
  locales: Locale[];
  i18n: i18n;
  /** Flat key → text, per locale, as read from the files (for content checks). */
  texts: Record<string, Record<string, string>>;
  meta: Partial<Record<Locale, LocaleMeta>>;
  /** locales/<lng>/review.json: who reviewed which string against which French. */
  reviews: Partial<Record<Locale, ReviewFile>>;
  t(locale: string | undefined): TFunction;
  /** Changes one text while the app runs (translators' edits): every later lookup sees it. */
  setText(locale: Locale, key: string, text: string): void;
  setReview(locale: Locale, key: string, review: ReviewRecord | undefined): void;
  /** Grows with every setText or setReview: what was derived from an earlier revision is out of date. */
  readonly revision: number;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`locales: ${file} is not valid JSON (${(err as Error).message})`);
  }
}

/**
 * Loads locales/<lng>/*.json: every file but meta/lexicon is a flat namespace of dotted keys whose
 * first segment is the file name. French is the source and the fallback of every other language.
 */
export function loadCatalog(dir: string): Catalog {
  const locales = LOCALES.filter((l) => existsSync(join(dir, l)));
  if (!locales.includes('fr')) throw new Error(`locales: ${dir}/fr is missing; French is the source language`);
  const texts: Catalog['texts'] = {};
  const meta: Catalog['meta'] = {};
  const reviews: Catalog['reviews'] = {};
  for (const lng of locales) {
    texts[lng] = {};
    for (const file of readdirSync(join(dir, lng))
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      const content = DATA_FILES.has(file) && !READ.has(file) ? undefined : readJson(join(dir, lng, file));
      if (file === 'meta.json') meta[lng] = parse(LocaleMeta, content, join(dir, lng, file));
      else if (file === 'review.json') reviews[lng] = parse(ReviewFile, content, join(dir, lng, file));
      else if (content !== undefined) Object.assign(texts[lng], content);
    }
  }
  const i18n = i18next.createInstance();
  void i18n.init({
    lng: 'fr',
    fallbackLng: 'fr',
    supportedLngs: [...locales],
    resources: Object.fromEntries(locales.map((l) => [l, { translation: texts[l] }])),
    keySeparator: false,
    nsSeparator: false,
    interpolation: { escapeValue: false },
    initAsync: false,
    returnEmptyString: false,
    showSupportNotice: false,
  } as Parameters<i18n['init']>[0]);
  const fixed = new Map(locales.map((l) => [l, memoize(i18n.getFixedT(l))]));
  let revision = 0;
  return {
    locales,
    i18n,
    texts,
    meta,
    reviews,
    t: (locale) => fixed.get(locale as Locale) ?? fixed.get('fr')!,
    setText(locale, key, text) {
      texts[locale][key] = text;
      i18n.addResource(locale, 'translation', key, text);
      // New translators drop every memoised text (French is every language's fallback).
      for (const l of locale === 'fr' ? locales : [locale]) fixed.set(l, memoize(i18n.getFixedT(l)));
      revision++;
    },
    setReview(locale, key, review) {
      const file = (reviews[locale] ??= {});
      if (review) file[key] = review;
      else delete file[key];
      revision++;
    },
    get revision() {
      return revision;
    },
  };
}

function parse<T>(schema: z.ZodType<T>, content: unknown, file: string): T {
  const parsed = schema.safeParse(content);
  if (parsed.success) return parsed.data;
  throw new Error(`locales: ${file} is invalid: ${describeIssues(parsed.error)}`);
}

/**
 * Texts without variables never change while the process runs: translate each key once per
 * locale (i18next's lookup is a visible share of a turn's CPU). Every other call goes to `t`;
 * copying `t`'s own properties (lng, ns) onto the wrapper makes it a TFunction by its type too.
 */
function memoize(t: TFunction): TFunction {
  const lookup: (key: string | string[], options?: TOptions) => string = t;
  const cache = new Map<string, string>();
  const cached = (key: string | string[], options?: TOptions): string => {
    if (options !== undefined || typeof key !== 'string') return lookup(key, options);
    let text = cache.get(key);
    if (text === undefined) cache.set(key, (text = lookup(key)));
    return text;
  };
  return Object.assign(cached, t);
}
