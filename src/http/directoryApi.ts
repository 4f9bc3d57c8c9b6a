import type { Request, Response, Server } from 'restify';
import { entryView } from '../directory/present/view.js';
import { isPublic, languagesSpoken } from '../directory/rules.js';
import type { Entry } from '../directory/schema.js';
import { THEMES } from '../directory/schema.js';
import { registerDirectoryExports } from './directoryExports.js';
import { SearchParams } from './directoryParams.js';
import { langOf, readQuery, type DirectoryApiDeps } from './directoryQuery.js';
import { sendError } from './errors.js';
import { openApiDocument } from './openapi.js';

/** Public read API of the directory: search, one entry, exports, reference lists, OpenAPI document. */
export function registerDirectoryApi(server: Server, deps: DirectoryApiDeps): void {
  const { index, catalog, areas, officialDomains, now, insights } = deps;
  server.get('/api/directory/search', async (req: Request, res: Response) => {
    const read = readQuery(req, res, SearchParams, areas, now);
    if (!read) return;
    const { lang, offset, limit, source } = read.params;
    const { total, hits } = index().page({ ...read.query, offset, limit });
    // A search of the page, not its next pages: counted from the hits it shows, no second search.
    if (source === 'annuaire' && offset === 0) insights?.countSearch(read.query, hits);
    const t = catalog.t(lang);
    const near = !!read.query.commune;
    res.json({ total, results: hits.map((h) => entryView(h, lang, t, { near, officialDomains })) });
  });

  server.get('/api/directory/entries/:id', async (req: Request, res: Response) => {
    const lang = langOf(req);
    const hit = index().get(req.params.id, new Date(now()));
    if (!hit || !isPublic(hit.entry)) return sendError(res, 404, 'not-found', `no published entry "${req.params.id}"`);
    res.json(entryView(hit, lang, catalog.t(lang), { officialDomains }));
  });

  registerDirectoryExports(server, deps);

  server.get('/api/directory/themes', async (req: Request, res: Response) => {
    const t = catalog.t(langOf(req));
    res.json(THEMES.map((id) => ({ id, label: t(`themes.${id}`) })));
  });

  const communes = [...areas.communes.values()]
    // The arrondissement lets the directory page's offline copy tell which entries serve a commune.
    .map((c) => ({ code: c.code, name: c.name, postalCodes: c.postalCodes, arrondissement: c.arrondissement }))
    .sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  server.get('/api/directory/communes', async (_req: Request, res: Response) => {
    res.json(communes);
  });

  // How many public entries say which languages are spoken there: what the language filter can find.
  const spoken = new WeakMap<readonly Entry[], ReturnType<typeof languagesSpoken>>();
  server.get('/api/directory/languages', async (_req: Request, res: Response) => {
    const entries = deps.directory.entries();
    if (!spoken.has(entries)) spoken.set(entries, languagesSpoken(entries));
    res.json(spoken.get(entries));
  });

  const document = openApiDocument(areas.departement.name);
  server.get('/api/openapi.json', async (_req: Request, res: Response) => res.json(document));
}
