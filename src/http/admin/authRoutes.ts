import type { Server } from 'restify';
import { z } from 'zod';
import type { Accounts } from '../../admin/accounts.js';
import { publicUser } from '../../admin/accounts.js';
import { AdminError } from '../../admin/errors.js';
import { sessionCookie, type Route } from './guard.js';
import type { LoginLimiter } from '../../admin/loginLimiter.js';
import type { Sessions } from '../../admin/sessions.js';
import type { Logger } from '../../common/logger.js';
import { fieldProblems } from '../../common/zodIssues.js';
import type { ClientAddress } from '../clientAddress.js';

const Login = z.object({
  email: z.string().trim().toLowerCase().min(3).max(254),
  password: z.string().min(1).max(1024),
});

export interface AuthDeps {
  accounts: Accounts;
  sessions: Sessions;
  limiter: LoginLimiter;
  logger: Logger;
  route: Route;
  sessionSeconds: number;
  clientAddress: ClientAddress;
}

/** POST /api/admin/login, POST /api/admin/logout, GET /api/admin/me. */
export function registerAuthRoutes(
  server: Server,
  { accounts, sessions, limiter, logger, route, sessionSeconds, clientAddress }: AuthDeps,
): void {
  server.post(
    '/api/admin/login',
    route({}, async (req, res) => {
      const parsed = Login.safeParse(req.body);
      if (!parsed.success)
        throw new AdminError(400, 'invalid-login', 'send {"email", "password"} as JSON', fieldProblems(parsed.error));
      const { email, password } = parsed.data;
      // A point is taken before the password is checked, so concurrent attempts cannot all get through.
      const address = clientAddress(req);
      await limiter.before(address, email);
      const account = await accounts.authenticate(email, password);
      if (!account) {
        logger.warn({ reqId: req.id() }, 'admin sign-in refused');
        throw new AdminError(401, 'bad-credentials', 'unknown email or wrong password');
      }
      await limiter.succeeded(address, email);
      const { token, session } = await sessions.create(account.email);
      res.header('Set-Cookie', sessionCookie(req, token, sessionSeconds));
      logger.info({ reqId: req.id(), role: account.role }, 'admin signed in');
      res.json({ user: publicUser(account), csrf: session.csrf });
    }),
  );

  server.post(
    '/api/admin/logout',
    route({ auth: 'account' }, async (req, res, who) => {
      await sessions.destroy(who.token);
      res.header('Set-Cookie', sessionCookie(req, '', 0));
      res.status(204);
      res.end();
    }),
  );

  server.get(
    '/api/admin/me',
    route({ auth: 'account' }, async (_req, res, who) => {
      res.json({ user: who.user, csrf: who.session.csrf });
    }),
  );
}
