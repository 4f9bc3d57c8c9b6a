import { readFileSync } from 'node:fs';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import type { Request, Response } from 'restify';
import type { TFunction } from 'i18next';
import type { Entry } from '../directory/schema.js';
import type { Catalog } from '../i18n/catalog.js';
import { phoneLink } from '../directory/present/formatEntry.js';
import { LOCALES } from '../common/locales.js';
import { etagOf, sendCompressed, typeOf, type Compressed } from './staticFiles.js';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The emergency numbers as plain HTML links, in the directory's curated order: what each number is for
 * (French here; the page puts it in the person's language from `data-emergency`), then the service's
 * name as the directory has it (French, the name said at the other end of the line).
 */
export function emergencyHtml(entries: readonly Entry[], t: TFunction): string {
  const items = entries
    .filter((e) => e.phones[0])
    .map((e) => {
      const { number } = e.phones[0];
      const { href } = phoneLink(number);
      const key = `common.emergency.button.${number}`;
      const purpose = t(key, { number });
      const name = `<span class="official" lang="fr" dir="ltr">${escapeHtml(e.name)}</span>`;
      if (purpose === key) return `<li><a href="${escapeHtml(href)}" lang="fr">${escapeHtml(e.name)}</a></li>`;
      const link = `<a href="${escapeHtml(href)}" data-emergency="${escapeHtml(number)}">${escapeHtml(purpose)}</a>`;
      return `<li>${link} ${name}</li>`;
    });
  return `<ul class="emergency-list">${items.join('')}</ul>`;
}

/** Fills a page template: French texts in [data-t] elements, the language buttons, the emergency numbers. */
export function fillTemplate(template: string, catalog: Catalog, emergency: readonly Entry[]): string {
  const t = catalog.t('fr');
  const dirOf = (l: string) => catalog.meta[l as keyof Catalog['meta']]?.dir ?? 'ltr';
  const buttons = LOCALES.map(
    (l) =>
      `<li><button type="button" class="language" lang="${l}" dir="${dirOf(l)}" data-lng="${l}">${escapeHtml(t(`web.language.${l}`))}</button></li>`,
  ).join('');
  return template
    .replace(
      /(<(\w+)\b[^>]*\bdata-t="([\w.-]+)"[^>]*>)(<\/\2>)/g,
      (_m, open: string, _tag, key: string, close: string) => {
        return `${open}${escapeHtml(t(key))}${close}`;
      },
    )
    .replace('<ul id="languages" class="languages"></ul>', `<ul id="languages" class="languages">${buttons}</ul>`)
    .replace('<!--emergency-->', emergencyHtml(emergency, t));
}

/**
 * A page built from a template in public/ and the current emergency entries, rebuilt when the
 * directory changes (admins edit it); compressed once per build, served with an ETag.
 */
export function renderedPage(path: string, catalog: Catalog, emergency: () => readonly Entry[]) {
  const template = readFileSync(path, 'utf8');
  let built: (Compressed & { from: readonly Entry[] }) | undefined;
  const build = () => {
    const from = emergency();
    if (built?.from === from) return built;
    const raw = Buffer.from(fillTemplate(template, catalog, from));
    built = { from, raw, br: brotliCompressSync(raw), gzip: gzipSync(raw), etag: etagOf(raw) };
    return built;
  };
  return async (req: Request, res: Response) => {
    sendCompressed(req, res, build(), typeOf('.html'), 'no-cache');
  };
}
