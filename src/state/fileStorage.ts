import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Storage, StoreItems } from 'botbuilder';

/** A conversation as kept in memory: the item as JSON text, parsed into a fresh copy on each read. */
interface Stored {
  savedAt: number;
  eTag: string;
  json: string;
}

export interface FileStorage extends Storage {
  /** Removes expired conversations from memory and disk; runs on a timer too. */
  sweep(now?: number): Promise<number>;
  close(): void;
  /** Conversations currently held in memory. */
  size(): number;
}

/**
 * Conversation state on disk (one JSON file a key, named by a hash so no id appears in clear),
 * written atomically, forgotten `ttlMs` after the last write. The disk is the truth; the most
 * recently used `maxCached` conversations are also kept in memory, so memory stays bounded.
 */
export function createFileStorage(dir: string, ttlMs: number, now: () => number = Date.now, maxCached = 10_000): FileStorage {
  mkdirSync(dir, { recursive: true });
  const cache = new Map<string, Stored>();
  const remember = (key: string, record: Stored) => {
    cache.delete(key); // re-insert: Map order is the recency order
    cache.set(key, record);
    if (cache.size > maxCached) cache.delete(cache.keys().next().value!);
  };
  const queues = new Map<string, Promise<unknown>>();
  const fileOf = (key: string) => join(dir, `${createHash('sha256').update(key).digest('hex').slice(0, 40)}.json`);
  const expired = (r: Stored, at = now()) => at - r.savedAt > ttlMs;

  const load = async (key: string): Promise<Stored | undefined> => {
    const cached = cache.get(key);
    if (cached) return cached;
    try {
      const { savedAt, eTag, item } = JSON.parse(await readFile(fileOf(key), 'utf8')) as { savedAt: number; eTag: string; item: object };
      const record: Stored = { savedAt, eTag, json: JSON.stringify(item) };
      remember(key, record);
      return record;
    } catch {
      return undefined; // missing, or torn by a crash before rename: both mean "no state"
    }
  };

  /** One operation at a time per key, so concurrent turns of a conversation do not interleave. */
  const serial = <T>(key: string, op: () => Promise<T>): Promise<T> => {
    const run = (queues.get(key) ?? Promise.resolve()).then(op, op);
    const tail = run.catch(() => undefined);
    queues.set(key, tail);
    void tail.then(() => queues.get(key) === tail && queues.delete(key));
    return run;
  };

  const remove = async (key: string) => {
    cache.delete(key);
    await rm(fileOf(key), { force: true });
  };

  const storage: FileStorage = {
    async read(keys) {
      const items: StoreItems = {};
      for (const key of keys) {
        const record = await load(key);
        if (!record) continue;
        if (expired(record)) {
          await serial(key, () => remove(key));
          continue;
        }
        items[key] = { ...JSON.parse(record.json), eTag: record.eTag };
      }
      return items;
    },
    async write(changes) {
      await Promise.all(
        Object.entries(changes).map(([key, change]) =>
          serial(key, async () => {
            const current = await load(key);
            const { eTag, ...item } = change as { eTag?: string };
            if (eTag && eTag !== '*' && current && !expired(current) && current.eTag !== eTag) {
              throw new Error(`storage: eTag conflict on a conversation (${eTag} ≠ ${current.eTag})`);
            }
            // One serialisation serves the file and the cache (no deep copy per turn).
            const record: Stored = { savedAt: now(), eTag: randomUUID(), json: JSON.stringify(item) };
            const file = fileOf(key);
            const tmp = `${file}.${randomUUID()}.tmp`;
            try {
              await writeFile(tmp, `{"savedAt":${record.savedAt},"eTag":${JSON.stringify(record.eTag)},"item":${record.json}}`);
              await rename(tmp, file);
            } catch (err) {
              await rm(tmp, { force: true }).catch(() => undefined); // the caller learns; the old file stays
              throw err;
            }
            remember(key, record);
          }),
        ),
      );
    },
    async delete(keys) {
      await Promise.all(keys.map((key) => serial(key, () => remove(key))));
    },
    async sweep(at = now()) {
      let removed = 0;
      for (const [key, record] of cache) {
        if (expired(record, at)) {
          cache.delete(key);
          removed++;
        }
      }
      for (const name of await readdir(dir).catch(() => [] as string[])) {
        const file = join(dir, name);
        const info = await stat(file).catch(() => undefined);
        const stale = name.endsWith('.tmp') ? at - (info?.mtimeMs ?? at) > 60_000 : at - (info?.mtimeMs ?? at) > ttlMs;
        if (info && stale) {
          await rm(file, { force: true });
          removed++;
        }
      }
      return removed;
    },
    close() {
      clearInterval(timer);
    },
    size: () => cache.size,
  };
  const timer = setInterval(() => void storage.sweep(), Math.min(ttlMs / 4, 10 * 60_000));
  timer.unref();
  return storage;
}
