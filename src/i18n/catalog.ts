import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type i18n, type TFunction, type TOptions } from 'i18next';
import { LOCALES, type Locale } from '../shared/locales.js';
import { z } from 'zod';
import { describeIssues } from '../shared/zodIssues.js';

/** How a locale was produced (locales/<lng>/meta.json), shown in the README and checked on load. */
export const LocaleMeta = z.strictObject({
  /** The language's name in its own script. */
  name: z.string().min(1),
  dir: z.enum(['ltr', 'rtl']),
  /** BCP 47 tag used for dates, numbers and the message `locale`. */
  tag: z.string().regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/),
  translation: z.enum(['source', 'human', 'machine']),
  reviewed: z.boolean(),
  notes: z.string().optional(),
});
export type LocaleMeta = z.infer<typeof LocaleMeta>;

/** Files of a locale folder that are data for other layers (matching, reviews), not texts. */
const DATA_FILES = new Set(['meta.json', 'lexicon.json', 'intents.json', 'review.json']);

export interface Catalog {
  locales: Locale[];
  i18n: i18n;
  /** Flat key → text, per locale, as read from the files (for content checks). */
  texts: Record<string, Record<string, string>>;
  meta: Partial<Record<Locale, LocaleMeta>>;
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
  for (const lng of locales) {
    texts[lng] = {};
    for (const file of readdirSync(join(dir, lng))
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      if (file !== 'meta.json' && DATA_FILES.has(file)) continue;
      const content = readJson(join(dir, lng, file));
      if (file === 'meta.json') meta[lng] = parseMeta(content, join(dir, lng, file));
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
    t: (locale) => fixed.get(locale as Locale) ?? fixed.get('fr')!,
  };
}

function parseMeta(content: unknown, file: string): LocaleMeta {
  const parsed = LocaleMeta.safeParse(content);
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
