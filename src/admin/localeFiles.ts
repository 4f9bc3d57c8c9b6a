import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Catalog } from '../i18n/catalog.js';
import { expectedKeys } from '../i18n/keys.js';
import { languageStatuses } from '../i18n/status.js';
import type { Locale } from '../common/locales.js';
import { writeFileAtomic } from './files.js';

/** Locale files are read by the web server and kept in the repository: readable by all, like the others. */
const PUBLIC = 0o644;

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

async function readObject(file: string): Promise<Record<string, unknown>> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
}

/**
 * Writes what the catalog holds for a language back to locales/<lng>/: the namespace files of the
 * changed keys (keys kept in their order, a new key at the end), review.json in French key order,
 * and every meta.json whose derived `reviewed` changed. Each file is replaced atomically.
 */
export function openLocaleFiles(catalog: Catalog, localesDir: string) {
  async function writeTexts(locale: Locale, keys: readonly string[]): Promise<void> {
    const byNamespace = new Map<string, string[]>();
    for (const key of keys) {
      const ns = key.split('.')[0];
      byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), key]);
    }
    for (const [ns, changed] of byNamespace) {
      const file = join(localesDir, locale, `${ns}.json`);
      const content = await readObject(file);
      for (const key of changed) content[key] = catalog.texts[locale][key];
      await writeFileAtomic(file, json(content), PUBLIC);
    }
  }

  async function writeReviews(locale: Locale): Promise<void> {
    const reviews = catalog.reviews[locale] ?? {};
    const tag = catalog.meta[locale]?.tag ?? locale;
    const ordered = Object.fromEntries(
      expectedKeys(catalog.texts, locale, tag)
        .filter((k) => reviews[k])
        .map((k) => [k, reviews[k]]),
    );
    await writeFileAtomic(join(localesDir, locale, 'review.json'), json(ordered), PUBLIC);
  }

  /** meta.json's `reviewed` follows review.json, on disk and in memory (a French edit touches every language). */
  async function syncMeta(): Promise<void> {
    for (const status of languageStatuses(catalog)) {
      const meta = catalog.meta[status.code];
      if (!meta || meta.reviewed === status.reviewed) continue;
      const file = join(localesDir, status.code, 'meta.json');
      const content = await readObject(file);
      content.reviewed = status.reviewed;
      await writeFileAtomic(file, json(content), PUBLIC);
      meta.reviewed = status.reviewed;
    }
  }

  return { writeTexts, writeReviews, syncMeta };
}
export type LocaleFiles = ReturnType<typeof openLocaleFiles>;
