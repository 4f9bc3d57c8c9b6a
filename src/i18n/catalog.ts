import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type i18n, type TFunction } from 'i18next';
import { LOCALES, type Locale } from '../directory/schema.js';
import type { Lexicon } from '../engine/understand.js';

/** How a locale was produced, shown in the README and checked by the content tests. */
export interface LocaleMeta {
  /** The language's name in its own script. */
  name: string;
  dir: 'ltr' | 'rtl';
  /** BCP 47 tag used for dates, numbers and the message `locale`. */
  tag: string;
  translation: 'source' | 'human' | 'machine';
  reviewed: boolean;
  notes?: string;
}

export interface Catalog {
  locales: Locale[];
  i18n: i18n;
  /** Flat key → text, per locale, as read from the files (for content checks). */
  texts: Record<string, Record<string, string>>;
  meta: Partial<Record<Locale, LocaleMeta>>;
  lexicons: Partial<Record<Locale, Lexicon>>;
  t(locale: string | undefined): TFunction;
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
  const lexicons: Catalog['lexicons'] = {};
  for (const lng of locales) {
    texts[lng] = {};
    for (const file of readdirSync(join(dir, lng)).filter((f) => f.endsWith('.json')).sort()) {
      const content = readJson(join(dir, lng, file));
      if (file === 'meta.json') meta[lng] = content as LocaleMeta;
      else if (file === 'lexicon.json') lexicons[lng] = content as Lexicon;
      else Object.assign(texts[lng], content);
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
  return {
    locales,
    i18n,
    texts,
    meta,
    lexicons,
    t: (locale) => fixed.get(locale as Locale) ?? fixed.get('fr')!,
  };
}

/**
 * Texts without variables never change while the process runs: translate each key once per
 * locale (i18next's lookup is a visible share of a turn's CPU).
 */
function memoize(t: TFunction): TFunction {
  const cache = new Map<string, string>();
  const cached = ((key: string, options?: unknown) => {
    if (options !== undefined || typeof key !== 'string') return (t as (k: unknown, o?: unknown) => string)(key, options);
    let text = cache.get(key);
    if (text === undefined) cache.set(key, (text = t(key)));
    return text;
  }) as unknown as TFunction;
  return cached;
}

