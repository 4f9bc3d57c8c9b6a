import type { Request, Server } from 'restify';
import { z } from 'zod';
import { DIRECTORY_SCHEMA_VERSION } from '../../directory/schema.js';
import type { DirectoryStore } from '../../directory/store.js';
import type { Audit } from '../../admin/audit.js';
import type { Draft } from '../../admin/commit.js';
import { csvToDrafts, entriesToCsv } from '../../admin/csv.js';
import type { EntryService } from '../../admin/entries.js';
import { AdminError } from '../../admin/errors.js';
import type { Route } from './guard.js';
import { applyImport, previewImport } from '../../admin/transfer.js';
import { dangerousPaths } from '../../admin/safeKeys.js';
import { canRead } from '../../admin/permissions.js';
import type { User } from '../../admin/accounts.js';

export interface TransferDeps {
  store: DirectoryStore;
  audit: Audit;
  service: EntryService;
  route: Route;
}

const ImportQuery = z.object({
  dryRun: z.enum(['true', 'false']).optional(),
  archiveMissing: z.enum(['true', 'false']).optional(),
});
const JsonImport = z.union([
  z.array(z.record(z.string(), z.unknown())),
  z.object({ entries: z.array(z.record(z.string(), z.unknown())) }),
]);

function drafts(req: Request): Draft[] {
  if (req.getContentType() === 'text/csv') {
    const text = typeof req.body === 'string' ? req.body : Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    let parsed;
    try {
      parsed = csvToDrafts(text);
    } catch (err) {
      throw new AdminError(400, 'invalid-csv', `the CSV cannot be read: ${(err as Error).message}`);
    }
    if (parsed.problems.length)
      throw new AdminError(
        400,
        'invalid-import',
        'some CSV cells cannot be read; nothing was written',
        parsed.problems,
      );
    return parsed.drafts;
  }
  // Checked on the body as parsed, before any copy: a copy would turn "__proto__" into a prototype.
  const unsafe = dangerousPaths(req.body);
  if (unsafe.length)
    throw new AdminError(
      400,
      'invalid-import',
      'the import uses reserved keys; nothing was written',
      unsafe.map((field) => ({ field, message: 'not a field name' })),
    );
  const parsed = JsonImport.safeParse(req.body);
  if (!parsed.success)
    throw new AdminError(400, 'invalid-import', 'send a list of entries, or a directory file {"entries": [...]}', [
      { field: '(body)', message: 'expected a list of entries' },
    ]);
  return Array.isArray(parsed.data) ? parsed.data : parsed.data.entries;
}

/** GET /api/admin/export.json|csv; POST /api/admin/import (?dryRun=true, ?archiveMissing=true). */
export function registerTransferRoutes(server: Server, { store, audit, service, route }: TransferDeps): void {
  const day = () => new Date().toISOString().slice(0, 10);
  // An editor exports what they may read: their organisations' entries and what the public sees.
  const readable = (user: User) => store.entries().filter((e) => canRead(user, e));
  server.get(
    '/api/admin/export.json',
    route({ auth: 'user' }, async (_req, res, { user }) => {
      res.header('Content-Disposition', `attachment; filename="directory-${day()}.json"`);
      res.json({ schemaVersion: DIRECTORY_SCHEMA_VERSION, entries: readable(user) });
    }),
  );
  server.get(
    '/api/admin/export.csv',
    route({ auth: 'user' }, async (_req, res, { user }) => {
      res.header('Content-Type', 'text/csv; charset=utf-8');
      res.header('Content-Disposition', `attachment; filename="directory-${day()}.csv"`);
      res.sendRaw(200, entriesToCsv(readable(user)));
    }),
  );
  server.post(
    '/api/admin/import',
    route({ auth: 'admin', bodyTypes: ['text/csv'] }, async (req, res, { user }) => {
      const query = ImportQuery.safeParse(req.query ?? {});
      if (!query.success) throw new AdminError(400, 'invalid-query', 'dryRun and archiveMissing are "true" or "false"');
      const archiveMissing = query.data.archiveMissing === 'true';
      const input = drafts(req);
      if (query.data.dryRun === 'true') {
        res.json({ dryRun: true, ...previewImport(store, input, archiveMissing) });
        return;
      }
      const plan = await service.exclusive(() => applyImport(store, audit, user, input, archiveMissing));
      res.json({ dryRun: false, ...plan });
    }),
  );
}
