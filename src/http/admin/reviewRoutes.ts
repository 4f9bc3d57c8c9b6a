import type { Request, Server } from 'restify';
import { z } from 'zod';
import type { ServiceLinks } from '../../admin/serviceLinks.js';
import type { ReviewService } from '../../admin/review.js';
import { AdminError } from '../../admin/errors.js';
import { fieldProblems } from '../../common/zodIssues.js';
import type { Route } from './guard.js';
import type { EntryService } from '../../admin/entries.js';
import { expectedVersion } from './entryRoutes.js';

export interface ReviewRouteDeps {
  service: EntryService;
  review: ReviewService;
  serviceLinks: ServiceLinks;
  route: Route;
  /** Public base URL of the links (PUBLIC_URL), else the request's own host. */
  publicUrl?: string;
}

const CloseBody = z.strictObject({ outcome: z.enum(['fixed', 'not-confirmed']) });

/** The address a service opens: the confirmation page with its signed token. */
function linkUrl(req: Request, token: string, publicUrl?: string): string {
  const proto = req.isSecure() || req.headers['x-forwarded-proto'] === 'https' ? 'https' : 'http';
  const base = publicUrl ?? `${proto}://${req.headers.host ?? 'localhost'}`;
  return `${base}/confirmer#${token}`;
}

/**
 * Recording a verification with evidence (without "confirm": true, the answer is what would be
 * written), closing reports, accepting or rejecting proposals, issuing and revoking links.
 */
export function registerReviewRoutes(server: Server, deps: ReviewRouteDeps): void {
  const { service, review, serviceLinks, route, publicUrl } = deps;
  server.post(
    '/api/admin/entries/:id/verify',
    route({ auth: 'user' }, async (req, res, { user }) => {
      const result = await service.verify(user, req.params.id, expectedVersion(req), req.body);
      if ('preview' in result) return void res.json(result);
      res.header('ETag', `"${result.entry.version}"`);
      res.json({ entry: result.entry });
    }),
  );
  server.post(
    '/api/admin/reports/:id/close',
    route({ auth: 'user' }, async (req, res, { user }) => {
      const parsed = CloseBody.safeParse(req.body ?? {});
      if (!parsed.success)
        throw new AdminError(
          400,
          'invalid-body',
          'send {"outcome": "fixed" | "not-confirmed"}',
          fieldProblems(parsed.error),
        );
      res.json(await review.closeReport(user, req.params.id, parsed.data.outcome));
    }),
  );
  server.post(
    '/api/admin/proposals/:id/accept',
    route({ auth: 'user' }, async (req, res, { user }) => {
      const { entry } = await serviceLinks.acceptProposal(user, req.params.id);
      res.json({ entry });
    }),
  );
  server.post(
    '/api/admin/proposals/:id/reject',
    route({ auth: 'user' }, async (req, res, { user }) =>
      res.json(await serviceLinks.rejectProposal(user, req.params.id)),
    ),
  );
  server.post(
    '/api/admin/entries/:id/confirm-links',
    route({ auth: 'user' }, async (req, res, { user }) => {
      const { token, link } = await serviceLinks.issueLink(user, req.params.id);
      res.status(201);
      res.json({ ...link, url: linkUrl(req, token, publicUrl) });
    }),
  );
  server.post(
    '/api/admin/confirm-links/:id/revoke',
    route({ auth: 'user' }, async (req, res, { user }) => res.json(await serviceLinks.revokeLink(user, req.params.id))),
  );
}
