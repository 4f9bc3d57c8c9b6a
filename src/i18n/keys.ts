/** Namespaces for staff only (the admin page), kept in French and English. */
export const STAFF_NAMESPACES = ['admin'];

export const PLURAL = /_(zero|one|two|few|many|other)$/;

type Texts = Record<string, Record<string, string>>;

/** The plural categories of a language ("one", "other"…), by its BCP 47 tag. */
export const pluralCategories = (tag: string): string[] => new Intl.PluralRules(tag).resolvedOptions().pluralCategories;

/**
 * The keys a language must have: every French key (staff namespaces only in French and English), a
 * pluralised key in the language's own plural forms (Arabic has six where French has two).
 */
export function expectedKeys(texts: Texts, lng: string, tag: string): string[] {
  const keys: string[] = [];
  const bases = new Set<string>();
  for (const key of Object.keys(texts.fr)) {
    if (lng !== 'fr' && lng !== 'en' && STAFF_NAMESPACES.includes(key.split('.')[0])) continue;
    if (!PLURAL.test(key)) keys.push(key);
    else bases.add(key.replace(PLURAL, ''));
  }
  const forms = lng === 'fr' ? null : pluralCategories(tag);
  for (const base of bases) {
    if (forms) keys.push(...forms.map((c) => `${base}_${c}`));
    else keys.push(...Object.keys(texts.fr).filter((k) => k.replace(PLURAL, '') === base));
  }
  return keys;
}

/** The French text a key is translated from: a plural form French lacks ("_few") compares with "_other". */
export function frenchOf(texts: Texts, key: string): string | undefined {
  return texts.fr[key] ?? (PLURAL.test(key) ? texts.fr[key.replace(PLURAL, '_other')] : undefined);
}
