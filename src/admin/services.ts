import type { DirectoryStore } from '../directory/store.js';
import type { Catalog } from '../i18n/catalog.js';
import { openAccounts } from './accounts.js';
import { openAudit } from './audit.js';
import { createEntryService } from './entries.js';
import { createLoginLimiter } from './loginLimiter.js';
import { createSessions, SESSION_DEFAULTS } from './sessions.js';
import { createTranslationService } from './translations.js';

/**
 * Accounts and the audit log live in STATE_DIR/admin; entry writes go through the directory store,
 * translators' edits through the catalog and the files of `localesDir`.
 */
export function openAdmin(
  stateDir: string,
  directory: DirectoryStore,
  now: () => number = Date.now,
  texts?: { catalog: Catalog; localesDir: string },
) {
  const accounts = openAccounts(stateDir);
  const audit = openAudit(stateDir);
  return {
    accounts,
    audit,
    sessions: createSessions({ ...SESSION_DEFAULTS, now }),
    sessionSeconds: SESSION_DEFAULTS.absoluteMs / 1000,
    entries: createEntryService(directory, audit),
    translations: texts && createTranslationService(texts.catalog, texts.localesDir, audit, now),
    limiter: createLoginLimiter(),
  };
}
export type AdminServices = ReturnType<typeof openAdmin>;
