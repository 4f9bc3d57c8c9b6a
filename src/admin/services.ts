import type { DirectoryStore } from '../directory/store.js';
import { openAccounts } from './accounts.js';
import { openAudit } from './audit.js';
import { openConfirmLinks } from './confirmLinks.js';
import { createEntryService } from './entries.js';
import { openFeedback } from './feedback.js';
import { createLoginLimiter } from './loginLimiter.js';
import { createRedisSessions } from './redisSessions.js';
import { createReviewService } from './review.js';
import { createServiceLinks } from './serviceLinks.js';
import { createSessions, SESSION_DEFAULTS, type Sessions } from './sessions.js';
import type { SharedRedis } from '../shared/redis.js';

export interface AdminOptions {
  now?: () => number;
  /** HMAC secret of the services' confirmation links (CONFIRM_LINK_SECRET); no links without it. */
  linkSecret?: string;
  /** REDIS_URL: audit log, sessions, sign-in limits, reports and confirmation links shared by every instance. */
  redis?: SharedRedis;
}

/**
 * Accounts, the audit log, reports and proposals, confirmation links live in STATE_DIR; entry
 * writes go through the directory store. With Redis, the audit log, sessions and sign-in limits are there.
 */
export async function openAdmin(stateDir: string, directory: DirectoryStore, options: AdminOptions = {}) {
  const { now = Date.now, redis } = options;
  const accounts = openAccounts(stateDir);
  const audit = openAudit(stateDir, redis?.client);
  const entries = createEntryService(directory, audit, now);
  const feedback = await openFeedback(stateDir, now, redis);
  const links = await openConfirmLinks(stateDir, options.linkSecret, now, redis);
  const deps = { store: directory, audit, feedback, links, entries, now };
  const sessions: Sessions = redis
    ? createRedisSessions(redis.client, { ...SESSION_DEFAULTS, now })
    : createSessions({ ...SESSION_DEFAULTS, now });
  return {
    accounts,
    audit,
    sessions,
    sessionSeconds: SESSION_DEFAULTS.absoluteMs / 1000,
    entries,
    feedback,
    review: createReviewService(deps),
    serviceLinks: createServiceLinks(deps),
    limiter: createLoginLimiter(undefined, redis?.client),
  };
}
export type AdminServices = Awaited<ReturnType<typeof openAdmin>>;
