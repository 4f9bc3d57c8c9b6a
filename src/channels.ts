import { access, constants } from 'node:fs/promises';
import { ConfigurationBotFrameworkAuthentication, type Activity, type TurnContext } from 'botbuilder';
import type { Server } from 'restify';
import type { ConversationStore } from './bot/conversationStore.js';
import { PasserelleAdapter } from './bot/directAdapter.js';
import { ReusedClients } from './bot/reusedClients.js';
import type { Config } from './config.js';
import { createDirectLineService, DEFAULT_LIMITS, type DirectLineOptions } from './directline/service.js';
import { createRedisConversations, sharedTokenKey } from './directline/redisConversations.js';
import type { DirectoryIndex } from './directory/search.js';
import type { Graph } from './engine/graph.js';
import type { ClientAddress } from './http/clientAddress.js';
import { createClientLimiter } from './http/clientLimiter.js';
import { registerDirectLine } from './http/directline/routes.js';
import { registerHealth } from './http/health.js';
import { registerMessages } from './http/messages.js';
import type { Catalog } from './i18n/catalog.js';
import type { Logger } from './common/logger.js';
import { resolveLocale } from './common/locales.js';
import type { SharedRedis } from './common/redis.js';
import { StorageUnavailable } from './state/redisStorage.js';

// Parts of the composition root (src/app.ts): the channels into a conversation and readiness.

/** The Bot Framework adapter: channel authentication from the Microsoft app settings. */
export function createAdapter(config: Config, logger: Logger, catalog: Catalog, conversations: ConversationStore) {
  const { appId, appPassword, appType, tenantId } = config.microsoftApp;
  const auth = new ReusedClients(
    new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: appId ?? '',
      MicrosoftAppPassword: appPassword ?? '',
      MicrosoftAppType: appType ?? (appId ? 'MultiTenant' : ''),
      MicrosoftAppTenantId: tenantId ?? '',
    }),
  );
  const adapter = new PasserelleAdapter(auth, appId ?? '');
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    logger.error(
      { err: { name: error.name, message: error.message, stack: error.stack }, channel: context.activity.channelId },
      'turn failed',
    );
    const locale = resolveLocale(context.activity.locale, catalog.locales);
    // A state that could not be read or written (Redis away) is left as it was: the next turn resumes it.
    if (!(error instanceof StorageUnavailable)) await conversations.delete(context).catch(() => undefined);
    await context.sendActivity(catalog.t(locale)('common.error')).catch(() => undefined);
  };
  return adapter;
}

/** /healthz, and /readyz: trees loaded, a directory, a writable STATE_DIR, language models warmed. */
export function registerReadiness(
  server: Server,
  config: Config,
  app: { graph: Graph; index: () => DirectoryIndex; injected: boolean; warmed: () => boolean; redis?: SharedRedis },
) {
  const writable = () =>
    access(config.stateDir, constants.W_OK).then(
      () => null,
      () => `${config.stateDir} is not writable`,
    );
  registerHealth(server, {
    trees: async () => (app.graph.nodes.size ? null : 'no dialog tree loaded'),
    directory: async () => (app.index().size ? null : 'the directory is empty'),
    storage: async () => (app.injected ? null : writable()),
    language: async () => (app.warmed() ? null : 'language models are warming up'),
    ...(app.redis ? { redis: async () => app.redis?.problem() ?? null } : {}),
  });
}

export interface Channels {
  adapter: PasserelleAdapter;
  logic: (context: TurnContext) => Promise<void>;
  converse: (activity: Partial<Activity>) => Promise<Partial<Activity>[]>;
  clientAddress: ClientAddress;
  /** Direct Line conversations in Redis, shared by every instance; undefined: in this process. */
  redis?: SharedRedis;
}

/** The local Direct Line: conversations in this process, or in Redis with a token key every instance shares. */
async function openDirectLine(config: Config, converse: Channels['converse'], redis: SharedRedis | undefined) {
  const options: DirectLineOptions = {
    ...DEFAULT_LIMITS,
    ttlMs: config.stateTtlMs,
    maxConversations: config.directLine.maxConversations,
    maxBytes: config.directLine.maxBytes,
  };
  if (!redis) return createDirectLineService(converse, options);
  const shared = { conversations: createRedisConversations(redis, options), tokenKey: await sharedTokenKey(redis) };
  return createDirectLineService(converse, options, shared);
}

/** The ways into a conversation, /api/messages and the local Direct Line, each with its per-client limit. */
export async function registerChannels(server: Server, config: Config, logger: Logger, channels: Channels) {
  const { adapter, logic, converse, clientAddress, redis } = channels;
  const authenticated = !!config.microsoftApp.appId;
  const shared = (name: string) => (redis ? { redis: redis.client, name } : undefined);
  const turns = createClientLimiter(config.messagesTurnsPerMinute, shared('turns'));
  registerMessages(server, { adapter, authenticated, logic, clientAddress, turns, logger });
  const directLine = await openDirectLine(config, converse, redis);
  const newConversations = createClientLimiter(config.directLine.newPerMinute, shared('directline-new'));
  const closeStreams = registerDirectLine(server, { service: directLine, logger, clientAddress, newConversations });
  return { directLine, closeStreams };
}
