import { randomBytes } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import { luaScript, type Redis } from '../common/redis.js';

/**
 * Checks every eTag, then writes every item with its expiry, in one atomic script: a stale write
 * fails as a whole (as on Cosmos DB) and a failed one leaves nothing half-written.
 * KEYS: the items; ARGV: ttl ms, then per item: expected eTag ('*' or ''), new eTag, JSON.
 */
const WRITE = luaScript(`
for i, key in ipairs(KEYS) do
  local expected = ARGV[3 * i - 1]
  if expected ~= '*' and expected ~= '' then
    local current = redis.call('HGET', key, 'e')
    if current and current ~= expected then return redis.error_reply('ETAG ' .. i) end
  end
end
for i, key in ipairs(KEYS) do
  redis.call('HSET', key, 'e', ARGV[3 * i], 'v', ARGV[3 * i + 1])
  redis.call('PEXPIRE', key, ARGV[1])
end
return #KEYS`);

export const STATE_PREFIX = 'passerelle:state:';

/** Redis could not be reached: nothing was written; the turn fails and the state is left as it was. */
export class StorageUnavailable extends Error {
  constructor(cause: unknown) {
    super(`conversation state: Redis unavailable (${(cause as Error)?.message ?? String(cause)})`);
  }
}

const unavailable = (err: unknown): never => {
  throw new StorageUnavailable(err);
};

/**
 * botbuilder `Storage` on Redis for several instances: each item is a hash (eTag, JSON) that expires
 * `ttlMs` after its last write, like the journal's TTL. A delete drops all the keys given in one DEL.
 */
export function createRedisStorage(redis: Redis, ttlMs: number, prefix = STATE_PREFIX): Storage {
  // eTags unique across instances without a round trip: a random instance part and a counter.
  const instance = randomBytes(6).toString('base64url');
  let counter = 0;
  const ttl = String(Math.round(ttlMs));
  return {
    async read(keys) {
      const items: StoreItems = Object.create(null); // keyed by conversation: see ConversationStore.save
      if (!keys.length) return items;
      const pipeline = redis.pipeline();
      for (const key of keys) pipeline.hmget(prefix + key, 'e', 'v');
      const results = (await pipeline.exec().catch(unavailable)) ?? [];
      keys.forEach((key, i) => {
        const [error, value] = results[i] ?? [];
        if (error) unavailable(error);
        const [eTag, json] = value as [string | null, string | null];
        if (eTag === null || json === null) return;
        const item = JSON.parse(json) as Record<string, unknown>;
        item.eTag = eTag;
        items[key] = item;
      });
      return items;
    },
    async write(changes) {
      const keys = Object.keys(changes);
      if (!keys.length) return;
      const args = [ttl];
      for (const key of keys) {
        const { eTag = '', ...item } = changes[key] as { eTag?: string };
        args.push(eTag, `${instance}.${(counter++).toString(36)}`, JSON.stringify(item));
      }
      try {
        await WRITE(
          redis,
          keys.map((k) => prefix + k),
          args,
        );
      } catch (err) {
        if (/ETAG/.test((err as Error).message)) throw new Error('storage: eTag conflict on a conversation');
        unavailable(err);
      }
    },
    async delete(keys) {
      if (keys.length) await redis.del(...keys.map((k) => prefix + k)).catch(unavailable);
    },
  };
}
