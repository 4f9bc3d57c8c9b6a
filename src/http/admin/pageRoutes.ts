import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { Entry, STATUSES, THEMES } from '../../directory/schema.js';
import { LOCALES } from '../../common/locales.js';
import type { Catalog } from '../../i18n/catalog.js';
import type { Route } from './guard.js';
import { sendError } from '../errors.js';
import { fileHandler, isServable } from '../staticFiles.js';

const ADMIN_LANGS = ['fr', 'en'];

/** GET /admin (the page's static files), /api/admin/i18n (its texts), /api/admin/schema (the form's source). */
export function registerPageRoutes(
  server: Server,
  { dir, catalog, route }: { dir: string; catalog: Catalog; route: Route },
): void {
  // Only files present at start-up are served: no path from the URL ever reaches the file system.
  const files = new Map(
    readdirSync(dir)
      .filter((f) => isServable(f) && /^[\w-]+\.\w+$/.test(f))
      .map((f) => [f, fileHandler(join(dir, f), 0)]),
  );
  const serve = (name: string) => async (req: Request, res: Response) => {
    const handler = files.get(name === ':file' ? String(req.params.file) : name);
    return handler ? handler(req, res) : sendError(res, 404, 'not-found', `no admin file ${String(req.params.file)}`);
  };
  server.get('/admin', serve('index.html'));
  server.get('/admin/', serve('index.html'));
  server.get('/admin/:file', serve(':file'));

  // Read on each request: an admin's edit of these texts (translators' page) shows at once.
  const adminTexts = (l: string) =>
    Object.fromEntries(Object.entries(catalog.texts[l] ?? {}).filter(([k]) => k.startsWith('admin.')));
  server.get(
    '/api/admin/i18n',
    route({}, async (req, res) => {
      const wanted = String(req.query?.lang ?? 'fr').slice(0, 2);
      const lang = ADMIN_LANGS.includes(wanted) ? wanted : 'fr';
      const themes = Object.fromEntries(THEMES.map((t) => [`themes.${t}`, catalog.texts[lang]?.[`themes.${t}`] ?? t]));
      res.json({ lang, texts: { ...adminTexts('fr'), ...adminTexts(lang), ...themes } });
    }),
  );

  const schema = z.toJSONSchema(Entry, { io: 'input', unrepresentable: 'any' });
  server.get(
    '/api/admin/schema',
    route({ auth: 'user' }, async (_req, res) => {
      res.json({ schema, locales: LOCALES, statuses: STATUSES });
    }),
  );
}
