import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { DirectoryStore } from '../../directory/store.js';
import type { Audit } from '../../admin/audit.js';
import type { CommitResult } from '../../admin/commit.js';
import type { EntryService } from '../../admin/entries.js';
import type { Feedback } from '../../admin/feedback.js';
import { AdminError } from '../../admin/errors.js';
import type { Route } from './guard.js';
import { canEdit, canRead } from '../../admin/permissions.js';
import { ListQuery, listEntries, reviewQueue } from '../../admin/queries.js';
import { fieldProblems } from '../../common/zodIssues.js';

export interface EntryRouteDeps {
  store: DirectoryStore;
  service: EntryService;
  audit: Audit;
  route: Route;
  /** Open reports and proposals, for the review queue. */
  feedback: Feedback;
  /** The app's clock: the review queue applies the freshness rule at its time. */
  now: () => number;
}

const ETAG = /^\s*(?:W\/)?"?(\d+)"?\s*$/;

/** The version a writer names: the If-Match header or `version` in the body; both must agree. */
export function expectedVersion(req: Request, bodyField = 'version'): number | undefined {
  const header = req.headers['if-match'];
  const fromHeader = typeof header === 'string' ? ETAG.exec(header)?.[1] : undefined;
  if (typeof header === 'string' && !fromHeader)
    throw new AdminError(400, 'bad-if-match', `If-Match must be an entry version such as "3", not ${header}`);
  const raw = (req.body as Record<string, unknown> | undefined)?.[bodyField];
  if (raw !== undefined && !Number.isInteger(raw))
    throw new AdminError(400, 'invalid-entry', `"${bodyField}" must be an integer`, [
      { field: bodyField, message: 'expected an integer' },
    ]);
  const fromBody = raw as number | undefined;
  if (fromHeader && fromBody !== undefined && Number(fromHeader) !== fromBody)
    throw new AdminError(400, 'version-mismatch', `If-Match says ${fromHeader} but the body says ${fromBody}`);
  return fromHeader ? Number(fromHeader) : fromBody;
}

function body(req: Request): Record<string, unknown> {
  const b: unknown = req.body ?? {};
  if (typeof b !== 'object' || Array.isArray(b))
    throw new AdminError(400, 'invalid-body', 'the body must be a JSON object');
  return b as Record<string, unknown>;
}

function send(res: Response, { entry }: CommitResult, status = 200): void {
  res.header('ETag', `"${entry.version}"`);
  res.status(status);
  res.json({ entry });
}

/** /api/admin/entries: list, get, create, PUT, PATCH, status actions, history, restore-version; the review queue. */
export function registerEntryRoutes(server: Server, deps: EntryRouteDeps): void {
  const { store, service, audit, route, feedback, now } = deps;
  const base = '/api/admin/entries';
  server.get(
    base,
    route({ auth: 'user' }, async (req, res, { user }) => {
      const query = ListQuery.safeParse(req.query ?? {});
      if (!query.success)
        throw new AdminError(400, 'invalid-query', 'unknown filter value', fieldProblems(query.error, '(query)'));
      res.json({ entries: listEntries(store.entries(), query.data, user) });
    }),
  );
  server.get(
    '/api/admin/review-queue',
    route({ auth: 'user' }, async (_req, res, { user }) => {
      res.json({ entries: reviewQueue(store.entries(), user, new Date(now()), feedback.open()) });
    }),
  );
  server.post(
    base,
    route({ auth: 'user' }, async (req, res, { user }) => send(res, await service.create(user, body(req)), 201)),
  );
  server.get(
    `${base}/:id`,
    route({ auth: 'user' }, async (req, res, { user }) => {
      const entry = store.get(req.params.id);
      // What an editor may not read is answered as if it did not exist.
      if (!entry || !canRead(user, entry))
        throw new AdminError(404, 'entry-not-found', `entry "${req.params.id}" does not exist`);
      res.header('ETag', `"${entry.version}"`);
      res.json({ entry, editable: canEdit(user, entry) });
    }),
  );
  server.put(
    `${base}/:id`,
    route({ auth: 'user' }, async (req, res, { user }) =>
      send(res, await service.replace(user, req.params.id, expectedVersion(req), body(req))),
    ),
  );
  server.patch(
    `${base}/:id`,
    route({ auth: 'user' }, async (req, res, { user }) =>
      send(res, await service.patch(user, req.params.id, expectedVersion(req), body(req))),
    ),
  );
  for (const action of ['archive', 'restore', 'publish'] as const) {
    server.post(
      `${base}/:id/${action}`,
      route({ auth: 'user' }, async (req, res, { user }) =>
        send(res, await service[action](user, req.params.id, expectedVersion(req))),
      ),
    );
  }
  registerHistoryRoutes(server, { store, service, audit, route });
}

/** GET …/:id/history (the audit records an account may read) and POST …/:id/restore-version. */
function registerHistoryRoutes(
  server: Server,
  { store, service, audit, route }: Pick<EntryRouteDeps, 'store' | 'service' | 'audit' | 'route'>,
): void {
  const base = '/api/admin/entries';
  server.get(
    `${base}/:id/history`,
    route({ auth: 'user' }, async (req, res, { user }) => {
      const entry = store.get(req.params.id);
      const missing = () => new AdminError(404, 'entry-not-found', `entry "${req.params.id}" does not exist`);
      // An editor reads the history of the entries they may edit only: it holds drafts and who wrote them.
      if (user.role !== 'admin' && !(entry && canEdit(user, entry))) throw missing();
      const history = await audit.history(req.params.id, entry?.version);
      if (!entry && !history.length) throw missing();
      res.json({ id: req.params.id, history });
    }),
  );
  const RestoreBody = z.object({
    version: z.number().int().min(1),
    currentVersion: z.number().int().min(1).optional(),
  });
  server.post(
    `${base}/:id/restore-version`,
    route({ auth: 'user' }, async (req, res, { user }) => {
      const parsed = RestoreBody.safeParse(req.body ?? {});
      if (!parsed.success)
        throw new AdminError(
          400,
          'invalid-body',
          'send {"version": <the version to restore>} and the current version in If-Match',
          fieldProblems(parsed.error),
        );
      const current = expectedVersion(req, 'currentVersion');
      send(res, await service.restoreVersion(user, req.params.id, current, parsed.data.version));
    }),
  );
}
