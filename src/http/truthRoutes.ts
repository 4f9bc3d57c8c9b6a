import { join } from 'node:path';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Request, Response, Server } from 'restify';
import { AdminError } from '../admin/errors.js';
import type { ReviewService } from '../admin/review.js';
import type { ServiceLinks } from '../admin/serviceLinks.js';
import { entryView } from '../directory/present/view.js';
import type { Insights } from '../insights/insights.js';
import type { Logger } from '../common/logger.js';
import type { ClientAddress } from './clientAddress.js';
import type { DirectoryApiDeps } from './directoryQuery.js';
import { sendError } from './errors.js';
import { fileHandler } from './staticFiles.js';

/** Reports a client may send per window: enough for a social worker's afternoon, not for a flood. */
export const REPORT_LIMIT = { points: 5, duration: 10 * 60 };
/** Calls to a confirmation link per client per window. */
const LINK_LIMIT = { points: 30, duration: 10 * 60 };

export interface TruthRouteDeps extends Pick<DirectoryApiDeps, 'index' | 'catalog' | 'officialDomains' | 'now'> {
  review: ReviewService;
  serviceLinks: ServiceLinks;
  logger: Logger;
  publicDir: string;
  /** Who "the client" is for the rate limits: the peer, or what a trusted proxy says (TRUST_PROXY). */
  clientAddress: ClientAddress;
  /** The steering committee's counters: one "reported wrong" per accepted report (no text, no id of the reporter). */
  insights?: Pick<Insights, 'countReport'>;
}
const tokenOf = (req: Request) => String(req.headers['x-confirm-token'] ?? '');

/** Counts one request of the client; over the limit, a 429 with the seconds to wait. */
const consume = (limiter: RateLimiterMemory, client: string) =>
  limiter.consume(client).then(
    () => undefined,
    (limit: unknown) => {
      const ms = limit instanceof RateLimiterRes ? limit.msBeforeNext : 60_000;
      const retryAfter = Math.max(1, Math.ceil(ms / 1000));
      throw new AdminError(429, 'too-many-requests', `too many requests: try again in ${retryAfter} s`, { retryAfter });
    },
  );

/** A public handler, rate limited per client when given a limiter; AdminErrors become `{code, message, details}`. */
function handler(
  limiter: RateLimiterMemory | undefined,
  { logger, clientAddress }: Pick<TruthRouteDeps, 'logger' | 'clientAddress'>,
  run: (req: Request, res: Response) => Promise<void>,
) {
  return async (req: Request, res: Response) => {
    try {
      if (limiter) await consume(limiter, clientAddress(req));
      res.header('Cache-Control', 'no-store');
      await run(req, res);
    } catch (err) {
      if (!(err instanceof AdminError)) {
        logger.error({ err: { name: (err as Error).name, message: (err as Error).message } }, 'public request failed');
        return sendError(res, 500, 'internal', 'internal error');
      }
      if (err.status === 429) res.header('Retry-After', String((err.details as { retryAfter: number }).retryAfter));
      sendError(res, err.status, err.code, err.message, err.details);
    }
  };
}

/**
 * Keeping the directory true, public side: anyone reports a problem on an entry (202, masked, rate
 * limited, never a change to the data); a service opens its signed link to confirm or correct its entry.
 */
export function registerTruthRoutes(server: Server, deps: TruthRouteDeps): void {
  const { review, serviceLinks, index, catalog, officialDomains, now } = deps;
  const reports = new RateLimiterMemory({ keyPrefix: 'report', ...REPORT_LIMIT });
  const linkCalls = new RateLimiterMemory({ keyPrefix: 'link', ...LINK_LIMIT });
  server.get('/signaler/:id', fileHandler(join(deps.publicDir, 'report.html'), 0));
  server.get('/confirmer', fileHandler(join(deps.publicDir, 'confirm.html'), 0));

  server.post(
    '/api/directory/entries/:id/reports',
    handler(undefined, deps, async (req, res) => {
      const report = await review.report(req.params.id, req.body, () => consume(reports, deps.clientAddress(req)));
      const entry = index().get(report.entryId)?.entry;
      if (entry) deps.insights?.countReport(entry, report.lang);
      res.status(202);
      res.json({ id: report.id, status: 'received' });
    }),
  );
  server.get(
    '/api/confirm',
    handler(linkCalls, deps, async (req, res) => {
      const { link, entry } = serviceLinks.opened(tokenOf(req));
      const hit = index().get(entry.id, new Date(now()))!;
      res.json({
        expiresAt: new Date(link.expiresAt).toISOString(),
        entry: entryView(hit, 'fr', catalog.t('fr'), { officialDomains }),
      });
    }),
  );
  server.post(
    '/api/confirm/ok',
    handler(linkCalls, deps, async (req, res) => {
      const { entry } = await serviceLinks.confirm(tokenOf(req));
      res.json({ verifiedAt: entry.verifiedAt, verifiedBy: entry.verifiedBy, version: entry.version });
    }),
  );
  server.post(
    '/api/confirm/proposal',
    handler(linkCalls, deps, async (req, res) => {
      const proposal = await serviceLinks.propose(tokenOf(req), req.body);
      res.status(202);
      res.json({ id: proposal.id, changes: proposal.changes });
    }),
  );
}
