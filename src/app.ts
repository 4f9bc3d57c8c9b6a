import { join } from 'node:path';
import { access, constants } from 'node:fs/promises';
import restify, { type Server } from 'restify';
import { ConfigurationBotFrameworkAuthentication, type Activity, type Storage, type TurnContext } from 'botbuilder';
import { PasserelleAdapter } from './bot/directAdapter.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { loadAreas, type Areas } from './directory/areas.js';
import { openDirectory, type DirectoryStore } from './directory/store.js';
import { buildIndex, type DirectoryIndex } from './directory/search.js';
import type { Entry } from './directory/schema.js';
import { buildGraph, loadTrees, type Graph } from './engine/graph.js';
import { loadCatalog, type Catalog } from './i18n/catalog.js';
import { checkContent } from './i18n/checkContent.js';
import { createInterpreters } from './i18n/interpreters.js';
import { resolveLocale } from './i18n/locale.js';
import { PasserelleBot } from './bot/passerelleBot.js';
import { ConversationStore } from './bot/conversationStore.js';
import { createFileStorage, type FileStorage } from './state/fileStorage.js';
import { registerMessages } from './http/messages.js';
import { registerHealth } from './http/health.js';
import { restifyCode } from './http/errors.js';
import { registerSecurityHeaders } from './http/security.js';
import { registerBodyParser } from './http/bodyParser.js';
import type { HttpContext } from './http/context.js';
import { registerDirectLine } from './http/directline.js';
import { registerPages } from './http/pages.js';
import { registerDirectoryApi } from './http/directoryApi.js';
import { registerAdmin } from './http/admin.js';

export interface App {
  server: Server;
  graph: Graph;
  catalog: Catalog;
  areas: Areas;
  directory: DirectoryStore;
  /** The search index of the current directory, rebuilt on every write. */
  index(): DirectoryIndex;
  storage: Storage;
  /** The bot, for in-process transcript tests (botbuilder TestAdapter). */
  bot: PasserelleBot;
  /** Runs one turn for a channel hosted here (local Direct Line) and returns the bot's replies. */
  converse(activity: Partial<Activity>): Promise<Partial<Activity>[]>;
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

export interface AppOptions {
  logger: Logger;
  /** Tests may pass MemoryStorage; production always uses the file storage in STATE_DIR. */
  storage?: Storage;
}

/** Loads and checks the content (trees, locales, directory) and the index for the current directory. */
function loadContent(config: Config, logger: Logger) {
  const graph = buildGraph(loadTrees(join(config.contentDir, 'dialogs')));
  const catalog = loadCatalog(join(config.contentDir, 'locales'));
  const { errors, warnings } = checkContent(graph, catalog);
  if (errors.length) throw new Error(`content is invalid:\n  - ${errors.join('\n  - ')}`);
  if (warnings.length) logger.warn({ count: warnings.length, first: warnings.slice(0, 5) }, 'some translations are missing; French is shown instead');
  return { graph, catalog };
}

function themeLabeller(catalog: Catalog) {
  return (theme: string) => catalog.locales.map((l) => catalog.texts[l][`themes.${theme}`]).filter((x): x is string => !!x);
}

/** The composition root: every dependency is built here and passed down. */
export async function createApp(config: Config, { logger, storage: injected }: AppOptions): Promise<App> {
  const { graph, catalog } = loadContent(config, logger);
  const areas = loadAreas('05');
  const directory = await openDirectory(config.directoryFile);
  const labels = themeLabeller(catalog);
  const snapshot = (entries: readonly Entry[]) => ({
    index: buildIndex(entries, areas, labels),
    emergency: entries.filter((e) => e.status === 'published' && e.themes.includes('emergency.general')),
  });
  let current = snapshot(directory.entries());
  directory.onChange((entries) => (current = snapshot(entries)));

  const interpreters = createInterpreters(catalog.lexicons, areas);
  let warmed = false;
  const storage: Storage = injected ?? createFileStorage(join(config.stateDir, 'conversations'), config.stateTtlMs);
  const conversations = new ConversationStore(storage);
  const bot = new PasserelleBot({ graph, catalog, interpreters, conversations, directory: () => current });

  const { appId, appPassword, appType, tenantId } = config.microsoftApp;
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: appId ?? '',
    MicrosoftAppPassword: appPassword ?? '',
    MicrosoftAppType: appType ?? (appId ? 'MultiTenant' : ''),
    MicrosoftAppTenantId: tenantId ?? '',
  });
  const adapter = new PasserelleAdapter(auth, appId ?? '');
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    logger.error({ err: { name: error.name, message: error.message, stack: error.stack }, channel: context.activity.channelId }, 'turn failed');
    const locale = resolveLocale(context.activity.locale, catalog.locales);
    await conversations.delete(context).catch(() => undefined);
    await context.sendActivity(catalog.t(locale)('common.error')).catch(() => undefined);
  };

  const server = restify.createServer({ name: 'passerelle', handleUncaughtExceptions: false });
  registerSecurityHeaders(server);
  server.use(restify.plugins.queryParser({ mapParams: false }));
  const bodyLimit = registerBodyParser(server, config.maxBodyBytes);
  server.on('restifyError', (_req, _res, err, callback) => {
    const status = err.statusCode ?? 500;
    err.toJSON = () => ({ code: restifyCode(err.name, status), message: status >= 500 ? 'internal error' : err.message });
    callback();
  });
  server.on('after', (req, res, route) => {
    logger.info({ reqId: req.id(), method: req.method, route: route?.spec?.path ?? 'unmatched', status: res.statusCode, ms: Date.now() - (req.time?.() ?? Date.now()) }, 'request');
  });

  const logic = (context: TurnContext) => bot.run(context);
  registerMessages(server, { adapter, authenticated: !!appId, logic });
  const closers: (() => void | Promise<void>)[] = [];
  const ctx: HttpContext = {
    config, logger, catalog, graph, areas, directory, bodyLimit,
    index: () => current.index,
    converse: (activity) => adapter.processLocal(activity, logic),
    onClose: (fn) => closers.push(fn),
  };
  registerDirectoryApi(server, ctx);
  registerDirectLine(server, ctx);
  await registerAdmin(server, ctx);
  registerPages(server, ctx);
  registerHealth(server, {
    trees: async () => (graph.nodes.size ? null : 'no dialog tree loaded'),
    directory: async () => (current.index.size ? null : 'the directory is empty'),
    storage: async () => (injected ? null : access(config.stateDir, constants.W_OK).then(() => null, () => `${config.stateDir} is not writable`)),
    language: async () => (warmed ? null : 'language models are warming up'),
  });

  return {
    server,
    graph,
    catalog,
    areas,
    directory,
    index: () => current.index,
    storage,
    bot,
    converse: ctx.converse,
    listen(port = config.port, host = config.host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        // Recognizers-Text compiles its models in seconds of CPU: before serving, not on a user's
        // turn, and not while health checks wait on a blocked event loop.
        if (!warmed) interpreters.warm();
        warmed = true;
        // Longer than a load balancer's idle timeout, so it never reuses a socket we just closed.
        server.server.keepAliveTimeout = 65_000;
        server.server.headersTimeout = 66_000;
        server.listen(port, host, () => {
          const address = server.address();
          resolve(`http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${address.port}`);
        });
      });
    },
    async close() {
      for (const fn of closers) await fn();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      (storage as Partial<FileStorage>).close?.();
    },
  };
}
