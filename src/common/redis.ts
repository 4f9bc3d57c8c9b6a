import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';

export type { Redis } from 'ioredis';

/** One Redis for every shared piece of state: a command client and a subscriber (pub/sub needs its own). */
export interface SharedRedis {
  client: Redis;
  /** Hears every message published on `channel`, by any instance (this one included). */
  subscribe(channel: string, listener: (message: string) => void): void;
  /** Runs after every reconnection, once subscriptions are back: what was published meanwhile was missed. */
  onReconnect(listener: () => void): void;
  /** Null when commands can run; otherwise why not (readiness). */
  problem(): string | null;
  close(): Promise<void>;
}

// Fail fast while Redis is away (no offline queue: a turn errors at once instead of hanging), and
// reconnect forever, at most every 2 s, so service resumes without a restart.
const OPTIONS = {
  lazyConnect: true,
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  connectTimeout: 2_000,
  retryStrategy: (times: number) => Math.min(100 * times, 2_000),
};

/** Resolves once `redis` is ready; rejects after `timeoutMs` (the start then stops with a clear message). */
function ready(redis: Redis, url: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Redis at ${safeUrl(url)} not reachable in ${timeoutMs} ms`)),
      timeoutMs,
    );
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
    redis.connect().catch(() => undefined); // failures are retried by retryStrategy
  });
}

/** A Lua script run by its SHA1 (the text is sent once, again only after Redis forgot it). */
export function luaScript(lua: string) {
  const sha = createHash('sha1').update(lua).digest('hex');
  return async (redis: Redis, keys: string[], args: (string | number)[]): Promise<unknown> => {
    try {
      return await redis.evalsha(sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (!/NOSCRIPT/.test((err as Error).message)) throw err;
      return redis.eval(lua, keys.length, ...keys, ...args);
    }
  };
}

/** The URL without its password, for messages. */
export const safeUrl = (url: string) => url.replace(/\/\/([^@/]*:)?[^@/]*@/, '//***@');

/** Connects both clients; the start waits for Redis (a deploy may start the app before Redis is up). */
export async function openRedis(url: string, timeoutMs = 30_000): Promise<SharedRedis> {
  const client = new Redis(url, { ...OPTIONS, connectionName: 'passerelle' });
  const subscriber = new Redis(url, { ...OPTIONS, connectionName: 'passerelle-sub' });
  // Errors are reported through commands and problem(); unhandled 'error' events would end the process.
  client.on('error', () => undefined);
  subscriber.on('error', () => undefined);
  try {
    await Promise.all([ready(client, url, timeoutMs), ready(subscriber, url, timeoutMs)]);
  } catch (err) {
    client.disconnect();
    subscriber.disconnect();
    throw err;
  }
  const listeners = new Map<string, Set<(message: string) => void>>();
  const reconnected = new Set<() => void>();
  subscriber.on('message', (channel: string, message: string) => {
    for (const listener of listeners.get(channel) ?? []) listener(message);
  });
  // Attached after the first 'ready': every later one is a reconnection (ioredis resubscribes itself).
  subscriber.on('ready', () => {
    for (const listener of reconnected) listener();
  });
  return {
    client,
    subscribe(channel, listener) {
      if (!listeners.has(channel)) {
        listeners.set(channel, new Set());
        void subscriber.subscribe(channel).catch(() => undefined);
      }
      listeners.get(channel)!.add(listener);
    },
    onReconnect: (listener) => void reconnected.add(listener),
    problem: () =>
      client.status === 'ready' && subscriber.status === 'ready'
        ? null
        : `Redis is ${client.status}/${subscriber.status}`,
    async close() {
      listeners.clear();
      await Promise.allSettled([client.quit(), subscriber.quit()]);
    },
  };
}
