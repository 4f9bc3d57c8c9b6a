import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import type { Request, Response } from 'restify';
import type { TFunction } from 'i18next';
import type { Entry } from '../directory/schema.js';
import type { Catalog } from '../i18n/catalog.js';
import { phoneLink } from '../directory/present/formatEntry.js';
import { LOCALES } from '../common/locales.js';

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
  let built: { from: readonly Entry[]; raw: Buffer; br: Buffer; gz: Buffer; etag: string } | undefined;
  const build = () => {
    const from = emergency();
    if (built?.from === from) return built;
    const raw = Buffer.from(fillTemplate(template, catalog, from));
    const etag = `"${createHash('sha1').update(raw).digest('base64url')}"`;
    built = { from, raw, br: brotliCompressSync(raw), gz: gzipSync(raw), etag };
    return built;
  };
  return async (req: Request, res: Response) => {
    const page = build();
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('ETag', page.etag);
    res.setHeader('Vary', 'Accept-Encoding');
    if (req.headers['if-none-match'] === page.etag) {
      res.writeHead(304);
      res.end();
      return;
    }
    const accepted = String(req.headers['accept-encoding'] ?? '');
    const [encoding, body] = /\bbr\b/.test(accepted)
      ? ['br', page.br]
      : /\bgzip\b/.test(accepted)
        ? ['gzip', page.gz]
        : [undefined, page.raw];
    if (encoding) res.setHeader('Content-Encoding', encoding);
    res.setHeader('Content-Length', body.length);
    res.writeHead(200);
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}
