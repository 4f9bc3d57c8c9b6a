import type { Request, Response, Server } from 'restify';
import { directoryCsv } from '../directory/present/csv.js';
import { toHsdsService } from '../directory/present/hsds.js';
import { toVCard } from '../directory/present/vcard.js';
import { isPublic } from '../directory/rules.js';
import type { Hit } from '../directory/search.js';
import { Filters } from './directoryParams.js';
import { readQuery, type DirectoryApiDeps } from './directoryQuery.js';
import { sendError } from './errors.js';

function sendVCards(res: Response, hits: Hit[], name: string): void {
  res.setHeader('Content-Type', 'text/vcard; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${name}.vcf"`);
  res.sendRaw(200, hits.map((h) => toVCard(h.entry, h.entry.summary.fr)).join(''));
}

/** vCard, CSV and HSDS exports of the public directory. */
export function registerDirectoryExports(server: Server, { index, directory, areas, now }: DirectoryApiDeps): void {
  server.get('/api/directory/entries/:id/vcard', async (req: Request, res: Response) => {
    const hit = index().get(req.params.id);
    if (!hit || !isPublic(hit.entry)) return sendError(res, 404, 'not-found', `no published entry "${req.params.id}"`);
    sendVCards(res, [hit], hit.entry.id);
  });

  server.get('/api/directory/export.vcf', async (req: Request, res: Response) => {
    const ids = String(req.query?.ids ?? '')
      .split(',')
      .filter(Boolean)
      .slice(0, 200);
    const hits = ids.map((id) => index().get(id)).filter((h): h is Hit => !!h && isPublic(h.entry));
    if (!ids.length || hits.length !== ids.length)
      return sendError(res, 400, 'invalid-parameter', 'ids must list existing published entries, separated by commas', [
        { field: 'ids', message: 'unknown or missing id' },
      ]);
    sendVCards(res, hits, 'passerelle-contacts');
  });

  server.get('/api/directory/export.csv', async (req: Request, res: Response) => {
    const read = readQuery(req, res, Filters, areas, now);
    if (!read) return;
    const hits = index().search({ ...read.query, limit: Infinity });
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="passerelle-annuaire.csv"');
    res.sendRaw(200, directoryCsv(hits, read.params.lang));
  });

  server.get('/api/directory/export.hsds.json', async (_req: Request, res: Response) => {
    const entries = directory.entries().filter(isPublic);
    res.setHeader('Content-Disposition', 'attachment; filename="passerelle-hsds-services.json"');
    res.json({
      hsds_version: '3.0.1',
      total_items: entries.length,
      contents: entries.map((e) => toHsdsService(e, areas, now())),
    });
  });
}
