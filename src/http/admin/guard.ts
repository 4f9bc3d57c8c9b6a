import { timingSafeEqual } from 'node:crypto';
import { parse as parseCookies, serialize } from 'cookie';
import type { Request, Response } from 'restify';
import type { Logger } from '../../common/logger.js';
import { DirectoryError } from '../../directory/validate.js';
import { sendError } from '../errors.js';
import type { Accounts, User } from '../../admin/accounts.js';
import { publicUser } from '../../admin/accounts.js';
import { AdminError } from '../../admin/errors.js';
import { mayUse, type Access } from '../../admin/permissions.js';
import type { Session, Sessions } from '../../admin/sessions.js';

export const COOKIE = 'passerelle_admin';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface Authed {
  user: User;
  session: Session;
  token: string;
}

export interface GuardDeps {
  accounts: Accounts;
  sessions: Sessions;
  logger: Logger;
}

export interface RouteOptions {
  /** Who may call it (src/admin/permissions.ts ACCESS); omit to allow anonymous requests (login, texts). */
  auth?: Access;
  /** Accepted request body types besides application/json. */
  bodyTypes?: string[];
}

export const readSessionToken = (req: Request): string | undefined => parseCookies(req.headers.cookie ?? '')[COOKIE];

export const isHttps = (req: Request) => req.isSecure() || req.headers['x-forwarded-proto'] === 'https';

export function sessionCookie(req: Request, token: string, maxAgeSeconds: number): string {
  return serialize(COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: isHttps(req),
    path: '/',
    maxAge: maxAgeSeconds,
  });
}

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** A state-changing request must come from this origin and carry JSON (or an accepted type). */
function checkRequest(req: Request, bodyTypes: string[]): void {
  if (!UNSAFE.has(req.method ?? '')) return;
  const origin = req.headers.origin;
  const host = req.headers.host;
  if (
    origin !== undefined &&
    (origin === 'null' || !host || URL.canParse(origin) === false || new URL(origin).host !== host)
  ) {
    throw new AdminError(
      403,
      'bad-origin',
      'state-changing admin requests must come from the admin page of this server',
    );
  }
  if (req.headers['sec-fetch-site'] === 'cross-site')
    throw new AdminError(403, 'bad-origin', 'cross-site admin requests are refused');
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.isChunked();
  const type = (req.getContentType() || '').toLowerCase();
  if (hasBody && type !== 'application/json' && !bodyTypes.includes(type)) {
    throw new AdminError(
      415,
      'unsupported-media-type',
      `send the body as ${['application/json', ...bodyTypes].join(' or ')}, not "${type || 'none'}"`,
    );
  }
}

/** Wraps an admin handler: origin, content type, session, CSRF token, role; errors become `{code, message, details}`. */
export function createGuard({ accounts, sessions, logger }: GuardDeps) {
  async function authenticate(req: Request): Promise<Authed | undefined> {
    const token = readSessionToken(req);
    const session = await sessions.touch(token);
    if (!token || !session) return undefined;
    const account = await accounts.find(session.email);
    // A password reset or a removed account ends every session opened before it.
    if (!account || Date.parse(account.passwordChangedAt) > session.createdAt) {
      await sessions.destroy(token);
      return undefined;
    }
    return { user: publicUser(account), session, token };
  }

  return function route(options: RouteOptions, handler: (req: Request, res: Response, who: Authed) => Promise<void>) {
    return async (req: Request, res: Response) => {
      try {
        checkRequest(req, options.bodyTypes ?? []);
        const who = options.auth ? await authenticate(req) : undefined;
        if (options.auth && !who)
          throw new AdminError(401, 'unauthenticated', 'sign in to the admin first (POST /api/admin/login)');
        if (who && UNSAFE.has(req.method ?? '')) {
          const sent = req.headers['x-csrf-token'];
          if (typeof sent !== 'string' || !same(sent, who.session.csrf))
            throw new AdminError(
              403,
              'bad-csrf-token',
              'the X-CSRF-Token header is missing or does not match the session',
            );
        }
        if (options.auth && who && !mayUse(who.user.role, options.auth))
          throw new AdminError(403, 'forbidden', `the ${who.user.role} role may not do this`);
        res.header('Cache-Control', 'no-store');
        await handler(req, res, who as Authed);
      } catch (err) {
        if (err instanceof AdminError) {
          if (err.status === 429 && typeof err.details === 'object')
            res.header('Retry-After', String((err.details as { retryAfter: number }).retryAfter));
          return sendError(res, err.status, err.code, err.message, err.details);
        }
        if (err instanceof DirectoryError) {
          return sendError(res, 400, 'invalid-directory', 'the change would make the directory invalid', err.problems);
        }
        logger.error(
          {
            err: { name: (err as Error).name, message: (err as Error).message, stack: (err as Error).stack },
            route: req.getRoute()?.path,
          },
          'admin request failed',
        );
        return sendError(res, 500, 'internal', 'internal error');
      }
    };
  };
}
export type Route = ReturnType<typeof createGuard>;
