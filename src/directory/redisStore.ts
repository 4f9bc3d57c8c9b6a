import { randomBytes } from 'node:crypto';
import { luaScript, type SharedRedis } from '../common/redis.js';
import { DIRECTORY_SCHEMA_VERSION, type DirectoryFile, type Entry } from './schema.js';
import { openDirectory, type DirectoryStore } from './store.js';
import { DirectoryError, validateDirectory } from './validate.js';

const KEY = 'passerelle:directory';
const LOCK = 'passerelle:directory:lock';
export const DIRECTORY_CHANNEL = 'passerelle:directory:changed';
const LOCK_MS = 10_000;
const LOCK_WAIT_MS = 5_000;

/** The new document, only if the stored version is still the one the writer read; then the notice. */
const COMPARE_AND_SET = luaScript(`
local current = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if current ~= tonumber(ARGV[1]) then return redis.error_reply('STALE ' .. current) end
redis.call('HSET', KEYS[1], 'version', current + 1, 'doc', ARGV[2])
redis.call('PUBLISH', ARGV[3], current + 1)
return current + 1`);
const SEED = `if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('HSET', KEYS[1], 'version', 1, 'doc', ARGV[1]) end`;
const UNLOCK = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/** Another instance wrote between this one's read and its write (the lock expired): nothing was written. */
export class StaleDirectory extends Error {}

interface Loaded {
  data: DirectoryFile;
  version: number;
  byId: Map<string, Entry>;
}

/**
 * The directory as one versioned document in Redis, read by every instance. Writes are serialised
 * across instances by a lock, and the version is compared and set in one atomic step; a notice on
 * pub/sub makes every instance reload (and re-index, through onChange) at once. The lowdb file seeds
 * an empty Redis and stays the embedded default and the import/export format.
 */
export async function openRedisDirectory(shared: SharedRedis, seedFile: string): Promise<DirectoryStore> {
  const { client } = shared;
  if (!(await client.exists(KEY))) {
    const seed = await openDirectory(seedFile);
    await client.eval(
      SEED,
      1,
      KEY,
      JSON.stringify({ schemaVersion: DIRECTORY_SCHEMA_VERSION, entries: seed.entries() }),
    );
  }
  let current = await readDocument(client, seedFile);
  const listeners = new Set<(entries: readonly Entry[]) => void>();
  const adopt = (next: Loaded) => {
    if (next.version <= current.version) return;
    current = next;
    for (const listener of listeners) listener(current.data.entries);
  };
  const reload = async () => adopt(await readDocument(client, seedFile));
  const reloadQuietly = () => void reload().catch(() => undefined);
  shared.subscribe(DIRECTORY_CHANNEL, (message) => {
    if (Number(message) > current.version) reloadQuietly();
  });
  // A notice published while this instance was cut off is missed: reading again catches up.
  shared.onReconnect(reloadQuietly);

  let queue: Promise<unknown> = Promise.resolve();
  const apply = async <T>(change: (data: DirectoryFile) => T, beforeWrite?: (result: T) => Promise<unknown>) => {
    const token = await lock(client);
    try {
      await reload();
      const draft = structuredClone(current.data);
      const result = change(draft);
      const checked = validateDirectory(draft);
      if (!checked.data) throw new DirectoryError(seedFile, checked.problems);
      await beforeWrite?.(result);
      const version = await compareAndSet(client, current.version, checked.data);
      adopt({ data: checked.data, version, byId: byIdOf(checked.data) });
      return result;
    } finally {
      await client.eval(UNLOCK, 1, LOCK, token).catch(() => undefined);
    }
  };
  return {
    file: seedFile,
    entries: () => current.data.entries,
    get: (id) => current.byId.get(id),
    update(change, beforeWrite) {
      const run = queue.then(() => apply(change, beforeWrite));
      queue = run.catch(() => undefined);
      return run;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

const byIdOf = (data: DirectoryFile) => new Map(data.entries.map((e) => [e.id, e]));

async function readDocument(client: SharedRedis['client'], file: string): Promise<Loaded> {
  const [version, doc] = await client.hmget(KEY, 'version', 'doc');
  const { data, problems } = validateDirectory(doc ? JSON.parse(doc) : undefined);
  if (!data) throw new DirectoryError(`${file} (Redis copy)`, problems);
  return { data, version: Number(version), byId: byIdOf(data) };
}

async function compareAndSet(client: SharedRedis['client'], expected: number, data: DirectoryFile): Promise<number> {
  try {
    return Number(await COMPARE_AND_SET(client, [KEY], [expected, JSON.stringify(data), DIRECTORY_CHANNEL]));
  } catch (err) {
    if (/STALE/.test((err as Error).message)) throw new StaleDirectory('the directory changed meanwhile: retry');
    throw err;
  }
}

/** Waits for the cross-instance write lock (writes take milliseconds); it expires by itself if its holder dies. */
async function lock(client: SharedRedis['client']): Promise<string> {
  const token = randomBytes(12).toString('base64url');
  for (let waited = 0; waited < LOCK_WAIT_MS; waited += 20) {
    if (await client.set(LOCK, token, 'PX', LOCK_MS, 'NX')) return token;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the directory stays locked by another instance');
}
