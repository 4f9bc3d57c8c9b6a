import type { DirectoryStore } from '../directory/store.js';
import type { Catalog } from '../i18n/catalog.js';
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
import { createTranslationService } from './translations.js';
import type { SharedRedis } from '../common/redis.js';

export interface AdminOptions {
  now?: () => number;
  /** HMAC secret of the services' confirmation links (CONFIRM_LINK_SECRET); no links without it. */
  linkSecret?: string;
  /** The texts translators edit: the catalog and the files of `localesDir`. */
  texts?: { catalog: Catalog; localesDir: string };
  /** REDIS_URL: audit log, sessions, sign-in limits, reports and confirmation links shared by every instance. */
  redis?: SharedRedis;
}

/**
 * Accounts, the audit log, reports and proposals, confirmation links live in STATE_DIR; entry
 * writes go through the directory store, translators' edits through the catalog and locale files.
 * With Redis, the audit log, sessions and sign-in limits are there.
 */
export async function openAdmin(stateDir: string, directory: DirectoryStore, options: AdminOptions = {}) {
  const { now = Date.now, redis, texts } = options;
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
    translations: texts && createTranslationService(texts.catalog, texts.localesDir, audit, now),
    limiter: createLoginLimiter(undefined, redis?.client),
  };
}
export type AdminServices = Awaited<ReturnType<typeof openAdmin>>;
