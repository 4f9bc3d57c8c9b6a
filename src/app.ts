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
import { registerTruthRoutes } from './http/truthRoutes.js';
import { createHttpServer } from './http/server.js';
import { createClientAddress } from './http/clientAddress.js';
import type { Catalog } from './i18n/catalog.js';
import type { Logger } from './common/logger.js';
import { every } from './common/every.js';
import { isEmergencyEntry } from './directory/rules.js';
import { createSpeech } from './speech/speech.js';
import { createFileStorage, type FileStorage } from './state/fileStorage.js';
import { createRedisStorage } from './state/redisStorage.js';
import { openRedisDirectory } from './directory/redisStore.js';
import { openRedis, type SharedRedis } from './common/redis.js';
import { createInterpreters } from './understanding/interpreters.js';
import { openInsights, type Insights } from './insights/insights.js';

export interface App {
  server: Server;
  graph: Graph;
  catalog: Catalog;
  areas: Areas;
  directory: DirectoryStore;
  /** The search index of the current directory, rebuilt on every write. */
  index(): DirectoryIndex;
  storage: Storage;
  /** Anonymous counters for the steering committee (STATE_DIR/insights). */
  insights: Insights;
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
/** Insights counters are written this often: a crash loses at most this much counting. */
const INSIGHTS_FLUSH_MS = 30_000;

/** The directory's search index and emergency entries, rebuilt after every write. */
async function openSearch(config: Config, catalog: Catalog, redis: SharedRedis | undefined) {
  const areas = loadAreas(config.departement);
  const directory = redis
    ? await openRedisDirectory(redis, config.directoryFile)
    : await openDirectory(config.directoryFile);
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

/** The steering committee's counters in STATE_DIR/insights (an unreadable file is set aside, and said), or Redis. */
async function openCounters(config: Config, logger: Logger, areas: Areas, redis: SharedRedis | undefined) {
  const onError = (err: Error) => logger.error({ err: { message: err.message } }, 'insights: counting failed');
  const options = { areas, now: config.now, onError, redis: redis?.client };
  const insights = await openInsights(join(config.stateDir, 'insights'), options);
  if (insights.problem) logger.error({ problem: insights.problem }, 'insights: counting starts afresh');
  const lastFlush = () =>
    insights.flush().catch((err: Error) => logger.error({ err: { message: err.message } }, 'insights: flush failed'));
  return { insights, committee: { insights, minCount: config.insightsMinCount, now: config.now, areas }, lastFlush };
}

/** Expired Direct Line conversations and admin sessions are dropped every minute. */
const sweeps = (logger: Logger, tasks: Record<string, { sweep(): unknown }>) =>
  Object.entries(tasks).map(([task, owner]) => every(SWEEP_MS, logger, task, () => owner.sweep()));

/** Content, directory, conversation state, speech, counters, the bot and its adapter: all but HTTP. */
async function openCore(config: Config, logger: Logger, injected: Storage | undefined) {
  const { graph, catalog, lexicons, intents } = loadContent(config.contentDir, logger, config.localesDir);
  // REDIS_URL: every piece of shared state in Redis, so several instances serve the same people.
  const redis = config.redisUrl ? await openRedis(config.redisUrl) : undefined;
  const { areas, directory, current } = await openSearch(config, catalog, redis);
  const interpreters = createInterpreters(lexicons, areas, intents, graph);
  const storage =
    injected ?? (redis ? createRedisStorage(redis.client, config.stateTtlMs) : openStorage(config, logger));
  const conversations = new ConversationStore(storage);
  const speech = createSpeech({ catalog, contentDir: config.contentDir, stateDir: config.stateDir, ...config.audio });
  const counters = await openCounters(config, logger, areas, redis);
  const { now, officialDomains, publicUrl } = config;
  const render = { now, officialDomains, publicUrl };
  const { insights } = counters;
  const needs = needLabels(graph);
  const botDeps = { graph, catalog, interpreters, conversations, directory: current, speech, insights, render, needs };
  const bot = new PasserelleBot({ ...botDeps, now });
  const adapter = createAdapter(config, logger, catalog, conversations);
  const logic = (context: TurnContext) => bot.run(context);
  const texts = { catalog, localesDir: config.localesDir };
  const admin = await openAdmin(config.stateDir, directory, {
    now,
    linkSecret: config.confirmLinkSecret,
    redis,
    texts,
  });
  const parts = { graph, catalog, areas, directory, current, interpreters, storage, speech, redis, admin, needs };
  return { ...parts, ...counters, bot, adapter, logic };
}

/** The composition root: every service and timer is built here and passed down. */
export async function createApp(config: Config, { logger, storage: injected }: AppOptions): Promise<App> {
  const core = await openCore(config, logger, injected);
  const { graph, catalog, areas, directory, current, interpreters, storage, speech, insights, redis } = core;
  const { committee, lastFlush, bot, adapter, logic, admin } = core;
  const converse = (activity: Partial<Activity>) => adapter.processLocal(activity, logic);
  const { now, officialDomains, publicUrl } = config;
  const http = createHttpServer({ logger, maxBodyBytes: config.maxBodyBytes });
  const { server } = http;
  const publicDir = join(config.contentDir, 'public');
  const index = () => current().index;
  // One notion of "the client" for every per-client limit: the peer, or what a trusted proxy says.
  const clientAddress = createClientAddress(config.trustProxy);
  const channels = { adapter, logic, converse, clientAddress, redis };
  const { directLine, closeStreams } = await registerChannels(server, config, logger, channels);
  const shared = { index, directory, catalog, areas, officialDomains, now, insights, logger, publicDir, clientAddress };
  registerDirectoryApi(server, shared);
  registerAdmin(server, { ...shared, admin, bodyLimit: http.bodyLimit, publicUrl, insights: committee });
  const carry = { now, needs: core.needs, emergency: () => current().emergency, quickExitUrl: config.quickExitUrl };
  const warmPages = registerPages(server, { publicDir, catalog, ...carry });
  registerAudio(server, { speech, catalog, index });
  registerTruthRoutes(server, { ...shared, ...admin });
  let warmed = false;
  registerReadiness(server, config, { graph, index, injected: !!injected, warmed: () => warmed, redis });
  const stops = [
    ...sweeps(logger, { 'directline-sweep': directLine.conversations, 'session-sweep': admin.sessions }),
    every(INSIGHTS_FLUSH_MS, logger, 'insights-flush', () => insights.flush()),
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
    insights,
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
      await lastFlush();
      (storage as Partial<FileStorage>).close?.();
      await redis?.close();
    },
  };
}
