import { join } from 'node:path';
import type { Server } from 'restify';
import type { HttpContext } from './context.js';
import { openAccounts } from '../admin/accounts.js';
import { openAudit } from '../admin/audit.js';
import { registerAuthRoutes } from '../admin/authRoutes.js';
import { createEntryService } from '../admin/entries.js';
import { registerEntryRoutes } from '../admin/entryRoutes.js';
import { createGuard, readSessionToken } from '../admin/guard.js';
import { createLoginLimiter } from '../admin/loginLimiter.js';
import { registerPageRoutes } from '../admin/pageRoutes.js';
import { createSessions, SESSION_DEFAULTS } from '../admin/sessions.js';
import { registerTransferRoutes } from '../admin/transferRoutes.js';

/** Largest import body: a whole directory export (the global MAX_BODY_BYTES is for chat traffic). */
const IMPORT_MAX_BYTES = 8 * 1024 * 1024;

/**
 * Admin web page (/admin) and API (/api/admin) (issue 5). Accounts and the audit log live in
 * STATE_DIR/admin; every entry write goes through ctx.directory.update, so the bot sees it at once.
 */
export async function registerAdmin(server: Server, ctx: HttpContext): Promise<void> {
  const accounts = openAccounts(ctx.config.stateDir);
  const audit = openAudit(ctx.config.stateDir);
  const sessions = createSessions(SESSION_DEFAULTS);
  ctx.onClose(() => sessions.close());
  const route = createGuard({ accounts, sessions, logger: ctx.logger });
  const service = createEntryService(ctx.directory, audit);
  const limiter = createLoginLimiter();

  // A whole directory export may be imported: a larger body, for signed-in sessions only.
  ctx.bodyLimit('/api/admin/import', IMPORT_MAX_BYTES, (req) => !!sessions.touch(readSessionToken(req)));
  registerAuthRoutes(server, { accounts, sessions, limiter, logger: ctx.logger, route, sessionSeconds: SESSION_DEFAULTS.absoluteMs / 1000 });
  registerEntryRoutes(server, { store: ctx.directory, service, audit, route });
  registerTransferRoutes(server, { store: ctx.directory, audit, service, route });
  registerPageRoutes(server, { dir: join(ctx.config.contentDir, 'public', 'admin'), catalog: ctx.catalog, route });
}
