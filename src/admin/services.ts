import type { DirectoryStore } from '../directory/store.js';
import { openAccounts } from './accounts.js';
import { openAudit } from './audit.js';
import { createEntryService } from './entries.js';
import { createLoginLimiter } from './loginLimiter.js';
import { createSessions, SESSION_DEFAULTS } from './sessions.js';

/** Accounts and the audit log live in STATE_DIR/admin; entry writes go through the directory store. */
export function openAdmin(stateDir: string, directory: DirectoryStore, now: () => number = Date.now) {
  const accounts = openAccounts(stateDir);
  const audit = openAudit(stateDir);
  return {
    accounts,
    audit,
    sessions: createSessions({ ...SESSION_DEFAULTS, now }),
    sessionSeconds: SESSION_DEFAULTS.absoluteMs / 1000,
    entries: createEntryService(directory, audit),
    limiter: createLoginLimiter(),
  };
}
export type AdminServices = ReturnType<typeof openAdmin>;
