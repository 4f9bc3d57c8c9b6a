import { join } from 'node:path';
import type { Activity, Storage, TurnContext } from 'botbuilder';
import type { Server } from 'restify';
import { openAdmin } from './admin/services.js';
import { ConversationStore } from './bot/conversationStore.js';
import { PasserelleBot } from './bot/passerelleBot.js';
import type { Config } from './config.js';
import { createAdapter, registerChannels, registerReadiness } from './channels.js';
import { loadContent } from './content.js';
import { loadAreas, type Areas } from './directory/areas.js';
import type { Entry } from './directory/schema.js';
import { buildIndex, type DirectoryIndex } from './directory/search.js';
import { openDirectory, type DirectoryStore } from './directory/store.js';
import type { Graph } from './engine/graph.js';
import { registerAdmin } from './http/admin/routes.js';
import { registerAudio } from './http/audio.js';
import { registerDirectoryApi } from './http/directoryApi.js';
import { needLabels } from './engine/needLabels.js';
import { registerPages } from './http/pages.js';
import { createHttpServer } from './http/server.js';
import { createClientAddress } from './http/clientAddress.js';
import type { Catalog } from './i18n/catalog.js';
import type { Logger } from './shared/logger.js';
import { every } from './shared/every.js';
import { isEmergencyEntry } from './directory/rules.js';
import { createSpeech } from './speech/speech.js';
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

/** The composition root: every service and timer is built here and passed down. */
export async function createApp(config: Config, { logger, storage: injected }: AppOptions): Promise<App> {
  const { graph, catalog, lexicons, intents } = loadContent(config.contentDir, logger);
  const { areas, directory, current } = await openSearch(config, catalog);
  const interpreters = createInterpreters(lexicons, areas, intents, graph);
  const storage = injected ?? openStorage(config, logger);
  const conversations = new ConversationStore(storage);
  const speech = createSpeech({ catalog, contentDir: config.contentDir, stateDir: config.stateDir, ...config.audio });
  const needs = needLabels(graph);
  const deps = { graph, catalog, interpreters, conversations, directory: current, speech, now: config.now, needs };
  const bot = new PasserelleBot(deps);
  const adapter = createAdapter(config, logger, catalog, conversations);
  const logic = (context: TurnContext) => bot.run(context);
  const converse = (activity: Partial<Activity>) => adapter.processLocal(activity, logic);

  const http = createHttpServer({ logger, maxBodyBytes: config.maxBodyBytes });
  const { server } = http;
  const publicDir = join(config.contentDir, 'public');
  const index = () => current().index;
  const admin = openAdmin(config.stateDir, directory, config.now);
  // One notion of "the client" for every per-client limit: the peer, or what a trusted proxy says.
  const clientAddress = createClientAddress(config.trustProxy);
  const channels = { adapter, logic, converse, clientAddress };
  const { directLine, closeStreams } = registerChannels(server, config, logger, channels);
  registerDirectoryApi(server, { index, directory, catalog, areas });
  registerAdmin(server, { admin, directory, catalog, logger, bodyLimit: http.bodyLimit, publicDir, clientAddress });
  const carry = { now: config.now, needs, emergency: () => current().emergency };
  const warmPages = registerPages(server, { publicDir, catalog, ...carry });
  registerAudio(server, { speech, catalog, index });
  let warmed = false;
  registerReadiness(server, config, { graph, index, injected: !!injected, warmed: () => warmed });
  const stops = [
    every(SWEEP_MS, logger, 'directline-sweep', () => directLine.conversations.sweep()),
    every(SWEEP_MS, logger, 'session-sweep', () => admin.sessions.sweep()),
    closeStreams,
    () => admin.sessions.close(),
    () => void speech.close(),
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
      // Recognizers-Text compiles its models in seconds of CPU, and the first commune lookup builds
      // its own: before serving, not on a user's turn, and not while health checks wait on a
      // blocked event loop. Web Chat's bundle is compressed in the background, once.
      if (!warmed) {
        interpreters.warm();
        void warmPages();
      }
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
