import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from '../common/redis.js';
import { SESSION_DEFAULTS, type Session, type SessionOptions } from './sessions.js';

const PREFIX = 'passerelle:session:';
const key = (token: string) => PREFIX + createHash('sha256').update(token).digest('base64url');

/**
 * Admin sessions (and their CSRF tokens) in Redis, so a login on one instance is valid on every
 * other. Keyed by a hash of the cookie token, like the memory sessions; Redis expires each one when
 * its idle or absolute limit comes first, so there is nothing to sweep.
 */
export function createRedisSessions(
  redis: Redis,
  { idleMs, absoluteMs, now = Date.now }: SessionOptions = SESSION_DEFAULTS,
) {
  const lifetime = (s: Session, at: number) => Math.min(idleMs, s.createdAt + absoluteMs - at);
  return {
    sweep(): void {},
    async create(email: string): Promise<{ token: string; session: Session }> {
      const token = randomBytes(32).toString('base64url');
      const at = now();
      const session = { email, csrf: randomBytes(24).toString('base64url'), createdAt: at, lastSeen: at };
      await redis.set(key(token), JSON.stringify(session), 'PX', lifetime(session, at));
      return { token, session };
    },
    /** The live session for a cookie token, its idle timer renewed; undefined when unknown or expired. */
    async touch(token: string | undefined): Promise<Session | undefined> {
      if (!token) return undefined;
      const json = await redis.get(key(token));
      if (!json) return undefined;
      const session = JSON.parse(json) as Session;
      const at = now();
      const left = lifetime({ ...session, lastSeen: at }, at);
      if (at - session.lastSeen > idleMs || left <= 0) {
        await redis.del(key(token));
        return undefined;
      }
      session.lastSeen = at;
      // XX: a logout on another instance meanwhile is not undone.
      await redis.set(key(token), JSON.stringify(session), 'PX', left, 'XX');
      return session;
    },
    async destroy(token: string | undefined): Promise<void> {
      if (token) await redis.del(key(token));
    },
    close(): void {},
  };
}
