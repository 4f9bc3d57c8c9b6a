import type { DirectoryStore } from '../directory/store.js';
import { openAccounts } from './accounts.js';
import { openAudit } from './audit.js';
import { createEntryService } from './entries.js';
import { createLoginLimiter } from './loginLimiter.js';
import { createRedisSessions } from './redisSessions.js';
import { createSessions, SESSION_DEFAULTS, type Sessions } from './sessions.js';
import type { Redis } from '../shared/redis.js';

/**
 * Accounts live in STATE_DIR/admin; the audit log too, sessions and login limits in memory, unless
 * Redis is given: then those three are shared by every instance. Entry writes go through the directory store.
 */
export function openAdmin(stateDir: string, directory: DirectoryStore, now: () => number = Date.now, redis?: Redis) {
  const accounts = openAccounts(stateDir);
  const audit = openAudit(stateDir, redis);
  const sessions: Sessions = redis
    ? createRedisSessions(redis, { ...SESSION_DEFAULTS, now })
    : createSessions({ ...SESSION_DEFAULTS, now });
  return {
    accounts,
    audit,
    sessions,
    sessionSeconds: SESSION_DEFAULTS.absoluteMs / 1000,
    entries: createEntryService(directory, audit),
    limiter: createLoginLimiter(undefined, redis),
  };
}
export type AdminServices = ReturnType<typeof openAdmin>;
