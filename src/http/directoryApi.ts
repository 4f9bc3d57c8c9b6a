import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { THEMES } from '../directory/schema.js';
import { isPublic } from '../directory/rules.js';
import { LOCALES } from '../shared/locales.js';
import { entryView } from '../directory/present/view.js';
import { toVCard } from '../directory/present/vcard.js';
import { toHsdsService } from '../directory/present/hsds.js';
import { directoryCsv } from '../directory/present/csv.js';
import type { Hit, Query } from '../directory/search.js';
import type { Areas } from '../directory/areas.js';
import type { DirectoryIndex } from '../directory/search.js';
import type { DirectoryStore } from '../directory/store.js';
import type { Catalog } from '../i18n/catalog.js';
import { sendError } from './errors.js';
import { openApiDocument } from './openapi.js';

/** The `lang` query parameter of the read-only routes that do not reject it: French by default. */
const langOf = (req: Request): string =>
  (LOCALES as readonly string[]).includes(String(req.query?.lang)) ? String(req.query.lang) : 'fr';

const THEME_PREFIXES = new Set<string>([...THEMES, ...THEMES.map((t) => t.split('.')[0])]);
const list = z
  .string()
  .max(500)
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

const SearchParams = z
  .object({
    q: z.string().max(200).optional(),
    theme: list.pipe(z.array(z.string().refine((t) => THEME_PREFIXES.has(t), { message: 'unknown theme' }))).optional(),
    commune: z.string().max(100).optional(),
    lang: z.enum(LOCALES).default('fr'),
    languages: list.pipe(z.array(z.string().regex(/^[a-z]{2,3}$/, 'expected ISO 639 codes'))).optional(),
    audience: z.string().max(40).optional(),
    openNow: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).max(100_000).default(0),
  })
  .strict();
type SearchParams = z.infer<typeof SearchParams>;

/** Public read API of the directory: search, one entry, CSV and vCard exports, OpenAPI document. */
export interface DirectoryApiDeps {
  /** The search index of the current directory (rebuilt after every write). */
  index(): DirectoryIndex;
  directory: DirectoryStore;
  catalog: Catalog;
  areas: Areas;
}

export function registerDirectoryApi(server: Server, ctx: DirectoryApiDeps): void {
  const parse = (req: Request, res: Response): SearchParams | undefined => {
    const parsed = SearchParams.safeParse(req.query ?? {});
    if (!parsed.success) {
      sendError(
        res,
        400,
        'invalid-parameter',
        'a query parameter is not valid',
        parsed.error.issues.map((i) => ({
          field: i.path.join('.') || (i as { keys?: string[] }).keys?.join(',') || '(query)',
          message: i.message,
        })),
      );
      return undefined;
    }
    return parsed.data;
  };
  const commune = (p: SearchParams, res: Response): string | null | undefined => {
    if (!p.commune) return undefined;
    if (p.commune === 'elsewhere') return 'elsewhere';
    const found = ctx.areas.findCommune(p.commune);
    if (!found)
      sendError(res, 400, 'unknown-commune', `no commune of the Hautes-Alpes matches "${p.commune}"`, [
        { field: 'commune', message: 'unknown commune' },
      ]);
    return found ? found.code : null;
  };
  const query = (p: SearchParams, code: string | undefined): Query => ({
    q: p.q,
    themes: p.theme,
    commune: code,
    lang: p.lang,
    languages: p.languages,
    audience: p.audience,
    openNow: p.openNow,
  });

  server.get('/api/directory/search', async (req: Request, res: Response) => {
    const p = parse(req, res);
    if (!p) return;
    const code = commune(p, res);
    if (code === null) return;
    const { total, hits } = ctx.index().page({ ...query(p, code), offset: p.offset, limit: p.limit });
    const t = ctx.catalog.t(p.lang);
    res.json({ total, results: hits.map((h) => entryView(h, p.lang, t)) });
  });

  server.get('/api/directory/entries/:id', async (req: Request, res: Response) => {
    const lang = langOf(req);
    const hit = ctx.index().get(req.params.id);
    if (!hit || !isPublic(hit.entry)) return sendError(res, 404, 'not-found', `no published entry "${req.params.id}"`);
    res.json(entryView(hit, lang, ctx.catalog.t(lang)));
  });

  const sendVCards = (res: Response, hits: Hit[], name: string) => {
    res.setHeader('Content-Type', 'text/vcard; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${name}.vcf"`);
    res.sendRaw(200, hits.map((h) => toVCard(h.entry, h.entry.summary.fr)).join(''));
  };

  server.get('/api/directory/entries/:id/vcard', async (req: Request, res: Response) => {
    const hit = ctx.index().get(req.params.id);
    if (!hit || !isPublic(hit.entry)) return sendError(res, 404, 'not-found', `no published entry "${req.params.id}"`);
    sendVCards(res, [hit], hit.entry.id);
  });

  server.get('/api/directory/export.vcf', async (req: Request, res: Response) => {
    const ids = String(req.query?.ids ?? '')
      .split(',')
      .filter(Boolean)
      .slice(0, 200);
    const hits = ids.map((id) => ctx.index().get(id)).filter((h): h is Hit => !!h && isPublic(h.entry));
    if (!ids.length || hits.length !== ids.length)
      return sendError(res, 400, 'invalid-parameter', 'ids must list existing published entries, separated by commas', [
        { field: 'ids', message: 'unknown or missing id' },
      ]);
    sendVCards(res, hits, 'passerelle-contacts');
  });

  server.get('/api/directory/export.csv', async (req: Request, res: Response) => {
    const p = parse(req, res);
    if (!p) return;
    const code = commune(p, res);
    if (code === null) return;
    const hits = ctx.index().search({ ...query(p, code), limit: Infinity });
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="passerelle-annuaire.csv"');
    res.sendRaw(200, directoryCsv(hits, p.lang));
  });

  server.get('/api/directory/export.hsds.json', async (_req: Request, res: Response) => {
    const entries = ctx.directory.entries().filter((e) => isPublic(e));
    res.setHeader('Content-Disposition', 'attachment; filename="passerelle-hsds-services.json"');
    res.json({
      hsds_version: '3.0.1',
      total_items: entries.length,
      contents: entries.map((e) => toHsdsService(e, ctx.areas)),
    });
  });

  server.get('/api/directory/themes', async (req: Request, res: Response) => {
    const lang = langOf(req);
    const t = ctx.catalog.t(lang);
    res.json(THEMES.map((id) => ({ id, label: t(`themes.${id}`) })));
  });

  server.get('/api/directory/communes', async (_req: Request, res: Response) => {
    res.json(
      [...ctx.areas.communes.values()]
        .map((c) => ({ code: c.code, name: c.name, postalCodes: c.postalCodes }))
        .sort((a, b) => a.name.localeCompare(b.name, 'fr')),
    );
  });

  server.get('/api/openapi.json', async (_req: Request, res: Response) => {
    res.json(openApiDocument());
  });
}
