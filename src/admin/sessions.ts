import { createHash, randomBytes } from 'node:crypto';

export interface Session {
  email: string;
  /** Sent back in the X-CSRF-Token header on every state-changing request. */
  csrf: string;
  createdAt: number;
  lastSeen: number;
}

export interface SessionOptions {
  idleMs: number;
  absoluteMs: number;
  now?: () => number;
}

export const SESSION_DEFAULTS: SessionOptions = { idleMs: 2 * 3600_000, absoluteMs: 12 * 3600_000 };

const digest = (token: string) => createHash('sha256').update(token).digest('base64url');

/**
 * Server-side sessions in memory, keyed by a hash of the cookie token so a heap dump reveals no
 * usable token. They end on logout, after `idleMs` without use, after `absoluteMs`, and on restart.
 */
export function createSessions({ idleMs, absoluteMs, now = Date.now }: SessionOptions = SESSION_DEFAULTS) {
  const sessions = new Map<string, Session>();
  const expired = (s: Session, at: number) => at - s.lastSeen > idleMs || at - s.createdAt > absoluteMs;
  return {
    /** Drops expired sessions (the composition root runs it on a timer). */
    sweep(): void {
      const at = now();
      for (const [key, s] of sessions) if (expired(s, at)) sessions.delete(key);
    },
    create(email: string): { token: string; session: Session } {
      const token = randomBytes(32).toString('base64url');
      const at = now();
      const session = { email, csrf: randomBytes(24).toString('base64url'), createdAt: at, lastSeen: at };
      sessions.set(digest(token), session);
      return { token, session };
    },
    /** The live session for a cookie token, its idle timer renewed; undefined when unknown or expired. */
    touch(token: string | undefined): Session | undefined {
      if (!token) return undefined;
      const key = digest(token);
      const session = sessions.get(key);
      const at = now();
      if (!session) return undefined;
      if (expired(session, at)) {
        sessions.delete(key);
        return undefined;
      }
      session.lastSeen = at;
      return session;
    },
    destroy(token: string | undefined): void {
      if (token) sessions.delete(digest(token));
    },
    close(): void {
      sessions.clear();
    },
  };
}
type Awaitable<T> = T | Promise<T>;

/** What the admin routes need of a session store: in memory (this process) or in Redis (every instance). */
export interface Sessions {
  sweep(): void;
  create(email: string): Awaitable<{ token: string; session: Session }>;
  touch(token: string | undefined): Awaitable<Session | undefined>;
  destroy(token: string | undefined): Awaitable<void>;
  close(): void;
}
