import { keysOf, type Graph } from '../engine/graph.js';
import type { Catalog } from './catalog.js';

/** Keys the code itself uses (engine and renderer), besides those named in the trees. */
export const CODE_KEYS = [
  'common.not-understood',
  'common.help',
  'common.forgotten',
  'common.error',
  'common.commune-set',
  'common.no-results',
  'common.source',
  'common.emergency.title',
  'common.result.in-french',
  'common.result.sms',
  'common.result.appointment',
  'common.result.free',
  'common.result.checked',
  'common.result.call-first',
  'common.hours.open',
  'common.hours.until',
  'common.hours.closed',
  'common.hours.closed-next',
  'common.too-long',
  'common.search-results',
  'common.search-none',
  'common.need-kept',
  'common.forget.confirm',
  'common.forget.yes',
  'common.forget.no',
  'common.forget.kept',
  'common.guess.text',
  'common.guess.none',
  'common.guess.other',
  'common.switch.offer',
  'common.switch.yes',
  'common.switch.no',
  'common.resume',
  'audio.listen',
  'audio.website',
  'audio.email',
  'audio.all-day',
  'audio.time',
  'audio.time-hour',
  'common.source-other',
  'common.result.very-old',
  'common.result.confirmed',
  'common.result.report',
  'common.result.other-sites',
  'common.notice.dates',
  'common.notice.closure',
  'common.notice.move',
  'common.notice.holidays',
  'common.notice.information',
];

/** Namespaces for staff only (the admin page), kept in French and English. */
export const STAFF_NAMESPACES = ['admin'];

const variables = (text: string) =>
  [...text.matchAll(/\{\{\s*([\w.-]+)\s*\}\}/g)]
    .map((m) => m[1])
    .sort()
    .join(',');

/**
 * Checks trees against locales: every key used exists in every locale, no key exists only in some,
 * interpolation variables match French, and every theme a tree queries is in the directory's
 * taxonomy `themes` (each with a label).
 */
export function checkContent(
  graph: Graph,
  catalog: Catalog,
  themes: readonly string[],
): { errors: string[]; warnings: string[] } {
  const errors: string[] = [];
  const warnings: string[] = [];
  const used = keysOf(graph);
  for (const key of [...CODE_KEYS, ...themes.map((t) => `themes.${t}`)]) used.set(key, '(code)');
  const source = catalog.texts.fr;
  for (const [key, node] of used) if (!(key in source)) errors.push(`fr: key "${key}" used by ${node} is missing`);
  for (const locale of catalog.locales.filter((l) => l !== 'fr')) {
    const texts = catalog.texts[locale];
    for (const key of Object.keys(source)) {
      if (!(key in texts)) {
        if (!STAFF_NAMESPACES.includes(key.split('.')[0]) || locale === 'en')
          warnings.push(`${locale}: key "${key}" is missing (French is shown)`);
      } else if (variables(texts[key]) !== variables(source[key]))
        errors.push(
          `${locale}: key "${key}" uses {{${variables(texts[key])}}} but French uses {{${variables(source[key])}}}`,
        );
    }
    for (const key of Object.keys(texts))
      if (!(key in source)) errors.push(`${locale}: key "${key}" does not exist in French`);
  }
  errors.push(...checkPlurals(catalog));
  for (const [id, node] of graph.nodes) {
    if (node.kind !== 'resources') continue;
    for (const theme of node.themes)
      if (!themes.includes(theme)) errors.push(`node "${id}": theme "${theme}" is not in the directory taxonomy`);
  }
  return { errors, warnings };
}

const PLURAL = /_(zero|one|two|few|many|other)$/;

/** A pluralised French key ("x_one", "x_other") needs every plural form the other language has. */
export function checkPlurals(catalog: Catalog): string[] {
  const bases = new Set(
    Object.keys(catalog.texts.fr)
      .filter((k) => PLURAL.test(k))
      .map((k) => k.replace(PLURAL, '')),
  );
  const errors: string[] = [];
  for (const locale of catalog.locales) {
    const tag = catalog.meta[locale]?.tag ?? locale;
    const categories = new Intl.PluralRules(tag).resolvedOptions().pluralCategories;
    for (const base of bases) {
      const missing = categories.filter((c) => !(`${base}_${c}` in catalog.texts[locale]));
      if (missing.length) errors.push(`${locale}: key "${base}" lacks the plural forms ${missing.join(', ')}`);
    }
  }
  return errors;
}
