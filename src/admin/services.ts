import type { DirectoryStore } from '../directory/store.js';
import type { Catalog } from '../i18n/catalog.js';
import { openAccounts } from './accounts.js';
import { openAudit } from './audit.js';
import { openConfirmLinks } from './confirmLinks.js';
import { createEntryService } from './entries.js';
import { openFeedback } from './feedback.js';
import { createLoginLimiter } from './loginLimiter.js';
import { createReviewService } from './review.js';
import { createServiceLinks } from './serviceLinks.js';
import { createSessions, SESSION_DEFAULTS } from './sessions.js';
import { createTranslationService } from './translations.js';

export interface AdminOptions {
  now?: () => number;
  /** HMAC secret of the services' confirmation links (CONFIRM_LINK_SECRET); no links without it. */
  linkSecret?: string;
  /** The texts translators edit: the catalog and the files of `localesDir`. */
  texts?: { catalog: Catalog; localesDir: string };
}

/**
 * Accounts, the audit log, reports and proposals, confirmation links live in STATE_DIR; entry
 * writes go through the directory store, translators' edits through the catalog and locale files.
 */
export async function openAdmin(stateDir: string, directory: DirectoryStore, options: AdminOptions = {}) {
  const now = options.now ?? Date.now;
  const { texts } = options;
  const accounts = openAccounts(stateDir);
  const audit = openAudit(stateDir);
  const entries = createEntryService(directory, audit, now);
  const feedback = await openFeedback(stateDir, now);
  const links = await openConfirmLinks(stateDir, options.linkSecret, now);
  const deps = { store: directory, audit, feedback, links, entries, now };
  return {
    accounts,
    audit,
    sessions: createSessions({ ...SESSION_DEFAULTS, now }),
    sessionSeconds: SESSION_DEFAULTS.absoluteMs / 1000,
    entries,
    feedback,
    review: createReviewService(deps),
    serviceLinks: createServiceLinks(deps),
    translations: texts && createTranslationService(texts.catalog, texts.localesDir, audit, now),
    limiter: createLoginLimiter(),
  };
}
export type AdminServices = Awaited<ReturnType<typeof openAdmin>>;
