import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { Entry, STATUSES, THEMES } from '../../directory/schema.js';
import { LOCALES } from '../../shared/locales.js';
import type { Catalog } from '../../i18n/catalog.js';
import type { Route } from './guard.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};
const ADMIN_LANGS = ['fr', 'en'];

/** GET /admin (the page's static files), /api/admin/i18n (its texts), /api/admin/schema (the form's source). */
export function registerPageRoutes(
  server: Server,
  { dir, catalog, route }: { dir: string; catalog: Catalog; route: Route },
): void {
  const files = new Map<string, { type: string; content: Buffer }>();
  for (const name of readdirSync(dir)) {
    const type = TYPES[extname(name)];
    if (type && /^[\w-]+\.\w+$/.test(name)) files.set(name, { type, content: readFileSync(join(dir, name)) });
  }
  const serve = (name: string) => async (req: Request, res: Response) => {
    const file = files.get(name === ':file' ? String(req.params.file) : name);
    if (!file) {
      res.status(404);
      res.json({ code: 'not-found', message: `no admin file ${req.params.file}` });
      return;
    }
    res.header('Content-Type', file.type);
    res.header('Cache-Control', 'no-cache');
    res.sendRaw(200, file.content);
  };
  server.get('/admin', serve('index.html'));
  server.get('/admin/', serve('index.html'));
  server.get('/admin/:file', serve(':file'));

  const texts = Object.fromEntries(
    ADMIN_LANGS.map((l) => [
      l,
      Object.fromEntries(Object.entries(catalog.texts[l] ?? {}).filter(([k]) => k.startsWith('admin.'))),
    ]),
  );
  server.get(
    '/api/admin/i18n',
    route({}, async (req, res) => {
      const wanted = String(req.query?.lang ?? 'fr').slice(0, 2);
      const lang = ADMIN_LANGS.includes(wanted) ? wanted : 'fr';
      const themes = Object.fromEntries(THEMES.map((t) => [`themes.${t}`, catalog.texts[lang]?.[`themes.${t}`] ?? t]));
      res.json({ lang, texts: { ...texts.fr, ...texts[lang], ...themes } });
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
