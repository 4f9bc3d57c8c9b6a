import { join } from 'node:path';
import type { Server } from 'restify';
import type { AdminServices } from '../../admin/services.js';
import type { Areas } from '../../directory/areas.js';
import type { DirectoryStore } from '../../directory/store.js';
import type { Catalog } from '../../i18n/catalog.js';
import type { Logger } from '../../common/logger.js';
import type { BodyLimit } from '../bodyParser.js';
import type { ClientAddress } from '../clientAddress.js';
import { registerAuthRoutes } from './authRoutes.js';
import { registerEntryRoutes } from './entryRoutes.js';
import { createGuard, readSessionToken } from './guard.js';
import { registerInsightsRoutes, type InsightsRouteDeps } from './insightsRoutes.js';
import { registerPageRoutes } from './pageRoutes.js';
import { registerReviewRoutes } from './reviewRoutes.js';
import { registerTransferRoutes } from './transferRoutes.js';
import { registerTranslationRoutes } from './translationRoutes.js';
import { LOCALES } from '../../common/locales.js';

/** Largest import body: a whole directory export (the global MAX_BODY_BYTES is for chat traffic). */
const IMPORT_MAX_BYTES = 8 * 1024 * 1024;
/** A whole language's texts, exported and edited offline by a reviewer. */
const TEXTS_MAX_BYTES = 2 * 1024 * 1024;

export interface AdminRouteDeps {
  admin: AdminServices;
  directory: DirectoryStore;
  catalog: Catalog;
  logger: Logger;
  bodyLimit: BodyLimit;
  publicDir: string;
  clientAddress: ClientAddress;
  /** The app's clock (review queue) and public base URL (confirmation links). */
  now: () => number;
  publicUrl?: string;
  /** The steering committee's counters, for /api/admin/insights. */
  insights: Pick<InsightsRouteDeps, 'insights' | 'minCount' | 'now'> & { areas: Pick<Areas, 'arrondissements'> };
}

/** Admin web page (/admin) and API (/api/admin): every entry write goes through the directory store. */
export function registerAdmin(
  server: Server,
  { admin, directory, catalog, logger, bodyLimit, publicDir, clientAddress, now, publicUrl, insights }: AdminRouteDeps,
): void {
  const { accounts, audit, sessions, entries: service, limiter, sessionSeconds, feedback, translations } = admin;
  const route = createGuard({ accounts, sessions, logger });
  // A whole directory export may be imported: a larger body, for signed-in sessions only.
  const signedIn = async (req: Parameters<Parameters<BodyLimit>[2]>[0]) =>
    !!(await sessions.touch(readSessionToken(req)));
  bodyLimit('/api/admin/import', IMPORT_MAX_BYTES, signedIn);
  for (const l of LOCALES) bodyLimit(`/api/admin/translations/${l}/import`, TEXTS_MAX_BYTES, signedIn);
  registerAuthRoutes(server, { accounts, sessions, limiter, logger, route, sessionSeconds, clientAddress });
  registerEntryRoutes(server, { store: directory, service, audit, route, feedback, now });
  registerReviewRoutes(server, { service, review: admin.review, serviceLinks: admin.serviceLinks, route, publicUrl });
  registerTransferRoutes(server, { store: directory, audit, service, route });
  if (translations) registerTranslationRoutes(server, { service: translations, route });
  registerPageRoutes(server, { dir: join(publicDir, 'admin'), catalog, route });
  registerInsightsRoutes(server, { ...insights, store: directory, route });
}
