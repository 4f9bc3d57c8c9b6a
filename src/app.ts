import { access, constants } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigurationBotFrameworkAuthentication, type Activity, type Storage, type TurnContext } from 'botbuilder';
import type { Server } from 'restify';
import { openAdmin } from './admin/services.js';
import { ConversationStore } from './bot/conversationStore.js';
import { PasserelleAdapter } from './bot/directAdapter.js';
import { PasserelleBot } from './bot/passerelleBot.js';
import type { Config } from './config.js';
import { loadContent } from './content.js';
import { createDirectLineService, DEFAULT_LIMITS } from './directline/service.js';
import { loadAreas, type Areas } from './directory/areas.js';
import type { Entry } from './directory/schema.js';
import { buildIndex, type DirectoryIndex } from './directory/search.js';
import { openDirectory, type DirectoryStore } from './directory/store.js';
import type { Graph } from './engine/graph.js';
import { registerAdmin } from './http/admin/routes.js';
import { registerDirectLine } from './http/directline/routes.js';
import { registerDirectoryApi } from './http/directoryApi.js';
import { registerHealth } from './http/health.js';
import { registerMessages } from './http/messages.js';
import { registerPages } from './http/pages.js';
import { createHttpServer } from './http/server.js';
import type { Catalog } from './i18n/catalog.js';
import type { Logger } from './shared/logger.js';
import { resolveLocale } from './shared/locales.js';
import { isEmergencyEntry } from './directory/rules.js';
import { createFileStorage, type FileStorage } from './state/fileStorage.js';
import { createInterpreters } from './understanding/interpreters.js';

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

const SWEEP_MS = 60_000;

/** The directory's search index and emergency entries, rebuilt after every write. */
async function openSearch(config: Config, catalog: Catalog) {
  const areas = loadAreas(config.departement);
  const directory = await openDirectory(config.directoryFile);
  const labels = (theme: string) =>
    catalog.locales.map((l) => catalog.texts[l][`themes.${theme}`]).filter((x): x is string => !!x);
  const snapshot = (entries: readonly Entry[]) => ({
    index: buildIndex(entries, areas, labels),
    emergency: entries.filter(isEmergencyEntry),
  });
  let current = snapshot(directory.entries());
  directory.onChange((entries) => (current = snapshot(entries)));
  return { areas, directory, current: () => current };
}

/** The Bot Framework adapter: channel authentication from the Microsoft app settings. */
function createAdapter(config: Config, logger: Logger, catalog: Catalog, conversations: ConversationStore) {
  const { appId, appPassword, appType, tenantId } = config.microsoftApp;
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: appId ?? '',
    MicrosoftAppPassword: appPassword ?? '',
    MicrosoftAppType: appType ?? (appId ? 'MultiTenant' : ''),
    MicrosoftAppTenantId: tenantId ?? '',
  });
  const adapter = new PasserelleAdapter(auth, appId ?? '');
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    logger.error(
      { err: { name: error.name, message: error.message, stack: error.stack }, channel: context.activity.channelId },
      'turn failed',
    );
    const locale = resolveLocale(context.activity.locale, catalog.locales);
    await conversations.delete(context).catch(() => undefined);
    await context.sendActivity(catalog.t(locale)('common.error')).catch(() => undefined);
  };
  return adapter;
}

/** Background timers, each stopped on close; a failing task is logged, never fatal. */
function every(ms: number, logger: Logger, task: string, run: () => unknown): () => void {
  const timer = setInterval(() => {
    Promise.resolve()
      .then(run)
      .catch((err: Error) => logger.error({ task, err: { message: err.message } }, 'background task failed'));
  }, ms);
  timer.unref();
  return () => clearInterval(timer);
}

/** Conversation state: the journal in STATE_DIR, its background failures logged. */
function openStorage(config: Config, logger: Logger): FileStorage {
  return createFileStorage(join(config.stateDir, 'conversations'), config.stateTtlMs, {
    now: config.now,
    onError: (err, { task }) =>
      logger.error(
        { task, err: { name: err.name, message: err.message } },
        'conversation state: background work failed',
      ),
  });
}

const writable = (dir: string) =>
  access(dir, constants.W_OK).then(
    () => null,
    () => `${dir} is not writable`,
  );

/** The composition root: every service and timer is built here and passed down. */
export async function createApp(config: Config, { logger, storage: injected }: AppOptions): Promise<App> {
  const { graph, catalog, lexicons } = loadContent(config.contentDir, logger, config.localesDir);
  const { areas, directory, current } = await openSearch(config, catalog);
  const interpreters = createInterpreters(lexicons, areas);
  const storage = injected ?? openStorage(config, logger);
  const conversations = new ConversationStore(storage);
  const bot = new PasserelleBot({ graph, catalog, interpreters, conversations, directory: current });
  const adapter = createAdapter(config, logger, catalog, conversations);
  const logic = (context: TurnContext) => bot.run(context);
  const converse = (activity: Partial<Activity>) => adapter.processLocal(activity, logic);

  const http = createHttpServer({ logger, maxBodyBytes: config.maxBodyBytes });
  const { server } = http;
  const publicDir = join(config.contentDir, 'public');
  const index = () => current().index;
  const directLine = createDirectLineService(converse, { ...DEFAULT_LIMITS, ttlMs: config.stateTtlMs });
  const admin = openAdmin(config.stateDir, directory, config.now, { catalog, localesDir: config.localesDir });
  registerMessages(server, { adapter, authenticated: !!config.microsoftApp.appId, logic });
  registerDirectoryApi(server, { index, directory, catalog, areas });
  const closeStreams = registerDirectLine(server, { service: directLine, logger });
  registerAdmin(server, { admin, directory, catalog, logger, bodyLimit: http.bodyLimit, publicDir });
  registerPages(server, { publicDir, catalog, quickExitUrl: config.quickExitUrl });
  let warmed = false;
  registerHealth(server, {
    trees: async () => (graph.nodes.size ? null : 'no dialog tree loaded'),
    directory: async () => (index().size ? null : 'the directory is empty'),
    storage: async () => (injected ? null : writable(config.stateDir)),
    language: async () => (warmed ? null : 'language models are warming up'),
  });
  const stops = [
    every(SWEEP_MS, logger, 'directline-sweep', () => directLine.conversations.sweep()),
    every(SWEEP_MS, logger, 'session-sweep', () => admin.sessions.sweep()),
    closeStreams,
    () => admin.sessions.close(),
  ];
  return {
    server,
    graph,
    catalog,
    areas,
    directory,
    index,
    storage,
    bot,
    converse,
    listen(port = config.port, host = config.host) {
      // Recognizers-Text compiles its models in seconds of CPU: before serving, not on a user's
      // turn, and not while health checks wait on a blocked event loop.
      if (!warmed) interpreters.warm();
      warmed = true;
      return http.listen(port, host);
    },
    async close() {
      for (const stop of stops) stop();
      await http.close();
      (storage as Partial<FileStorage>).close?.();
    },
  };
}
