import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Request, Response, Server } from 'restify';
import type { Catalog } from '../i18n/catalog.js';
import { LOCALES } from '../common/locales.js';
import { sendError } from './errors.js';
import { registerRenewalCalendar } from './renewalCalendar.js';
import { fileHandler } from './staticFiles.js';
import { renderedPage } from './firstScreen.js';
import type { Entry } from '../directory/schema.js';

export interface CarryDeps {
  now: () => number;
  /** The need each node names (engine/needLabels.ts). */
  needs: ReadonlyMap<string, string>;
  /** The current emergency entries (they change when admins edit the directory). */
  emergency: () => readonly Entry[];
}

/** The labels of the needs nodes name (the counter card's "what I need"), in one language. */
function needTexts(catalog: Catalog, needs: ReadonlyMap<string, string>, lng: string) {
  const t = catalog.t(lng);
  return Object.fromEntries([...needs].map(([id, key]) => [id, t(key)]));
}

/**
 * What people take with them (issue 18): the counter card (/carte, its content in the URL
 * fragment), the emergency numbers page, the renewal calendar file, and what makes the pages
 * installable and usable offline (manifest, service worker at the root so it controls every page).
 */
export function registerCarryPages(server: Server, deps: { publicDir: string; catalog: Catalog } & CarryDeps): void {
  const { publicDir, catalog, needs, emergency } = deps;
  registerRenewalCalendar(server, deps);
  server.get('/', renderedPage(join(publicDir, 'index.html'), catalog, emergency));
  server.get('/urgences', renderedPage(join(publicDir, 'emergency.html'), catalog, emergency));
  server.get('/carte', fileHandler(join(publicDir, 'card.html'), 0));
  server.get('/manifest.webmanifest', fileHandler(join(publicDir, 'manifest.webmanifest'), 3600));
  const worker = fileHandler(join(publicDir, 'sw.js'), 0);
  server.get('/sw.js', worker);
  const qr = createRequire(import.meta.url)
    .resolve('qrcode-generator')
    .replace(/qrcode\.js$/, 'qrcode.mjs');
  server.get('/static/vendor/qrcode.mjs', fileHandler(qr, 86_400));
  // The counter card saved as an image, drawn on the phone (loaded on the tap only).
  const image = createRequire(import.meta.url).resolve('html-to-image/dist/html-to-image.js');
  server.get('/static/vendor/html-to-image.js', fileHandler(image, 86_400));

  const cache = new Map<string, Record<string, string>>();
  server.get('/api/i18n/:lng/needs', async (req: Request, res: Response) => {
    const lng = String(req.params.lng);
    if (!(LOCALES as readonly string[]).includes(lng))
      return sendError(res, 404, 'unknown-language', 'no texts for this language', { supported: LOCALES });
    if (!cache.has(lng)) cache.set(lng, needTexts(catalog, needs, lng));
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.json(cache.get(lng));
  });
}
