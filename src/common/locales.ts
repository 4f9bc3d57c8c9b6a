/** The languages Passerelle speaks; French is the source and the fallback of every other one. */
export const LOCALES = ['fr', 'en', 'ar', 'fa', 'ps', 'ti', 'ru', 'uk'] as const;
export type Locale = (typeof LOCALES)[number];

/** ISO 639-2/3 codes and macrolanguage members that channels send for our languages. */
const ALIASES: Record<string, Locale> = {
  prs: 'fa',
  fas: 'fa',
  per: 'fa',
  pus: 'ps',
  pbt: 'ps',
  pbu: 'ps',
  tir: 'ti',
  ara: 'ar',
  apc: 'ar',
  arz: 'ar',
  rus: 'ru',
  ukr: 'uk',
  eng: 'en',
  fra: 'fr',
  fre: 'fr',
};

/** Maps a channel locale ("ar-SY", "fa-AF", "prs") to one we serve, or undefined. */
export function resolveLocale(tag: string | undefined, supported: readonly string[] = LOCALES): Locale | undefined {
  if (!tag) return undefined;
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  const locale = ALIASES[primary] ?? primary;
  return supported.includes(locale) ? locale : undefined;
}
