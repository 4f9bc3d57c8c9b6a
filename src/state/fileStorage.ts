import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Storage, StoreItems } from 'botbuilder';
import { sweeper, type BackgroundTask } from './journal/compaction.js';
import { LiveIndex, RecentItems, type Live } from './journal/index.js';
import { lockDir, unlockDir } from './journal/lock.js';
import { encodeRecord, eTags, keyHasher } from './journal/record.js';
import { Segments } from './journal/segments.js';

export { keyHash } from './journal/record.js';

export interface FileStorage extends Storage {
  /** Forgets expired conversations and rewrites the journal without them; runs on a timer too. */
  sweep(now?: number): Promise<number>;
  close(): void;
  /** Conversations currently stored (not expired as of the last read or sweep). */
  size(): number;
}

export type { BackgroundTask } from './journal/compaction.js';

export interface FileStorageOptions {
  now?: () => number;
  /** Conversations whose newest item is also kept in memory, so their next turn reads no file (default 10,000). */
  cachedItems?: number;
  /** Size past which a new segment is started (default 16 MiB). */
  segmentBytes?: number;
  /** Compaction also runs when dead records outweigh live ones by this much (default 64 MiB). */
  slackBytes?: number;
  /**
   * Hears every failure of the work done in the background (the sweep timer, a compaction started by
   * dead records, the fdatasync flush), which never ends the process. Default: ignored.
   */
  onError?: (error: Error, context: { task: BackgroundTask }) => void;
}

/** A new segment is started past this size, so compaction works on bounded files. */
const SEGMENT_BYTES = 16 * 1024 * 1024;
/** Compaction also runs when dead records outweigh live ones by this much (besides the sweep timer). */
const SLACK_BYTES = 64 * 1024 * 1024;
/**
 * The newest item of this many recently written conversations stays in memory: a turn then costs one
 * write(2) and no read(2), and memory stays bounded (items are a few hundred bytes).
 */
const CACHED_ITEMS = 10_000;

/** One open journal's parts, as the storage's operations use them. */
interface Journal {
  segments: Segments;
  index: LiveIndex;
  recent: RecentItems;
  hashOf: (key: string) => string;
  nextETag: () => string;
  now: () => number;
  expired: (r: Live, at?: number) => boolean;
}

/**
 * Conversation state as an append-only journal of segment files in `dir` (one writer). A write is one
 * `write(2)`, in the OS cache before it is acknowledged: a killed process loses nothing acknowledged.
 * Replacing a file per write (write + rename) cost ~0.7 ms of disk work a turn on ext4; this costs ~5 µs.
 */
export function createFileStorage(dir: string, ttlMs: number, options: FileStorageOptions = {}): FileStorage {
  const { now = Date.now, cachedItems = CACHED_ITEMS, slackBytes = SLACK_BYTES, onError } = options;
  const { segments, index } = openJournal(dir, options.segmentBytes ?? SEGMENT_BYTES);
  const journal: Journal = {
    segments,
    index,
    recent: new RecentItems(cachedItems),
    hashOf: keyHasher(),
    nextETag: eTags(),
    now,
    expired: (r, at = now()) => at - r.savedAt > ttlMs,
  };
  const report = (error: unknown, task: BackgroundTask) => {
    try {
      onError?.(error instanceof Error ? error : new Error(String(error)), { task });
    } catch {
      // A failing onError must not end the process either.
    }
  };
  const sweeps = sweeper(journal, slackBytes, report);
  const flushFailed = (error: Error) => report(error, 'flush');
  // Acknowledged writes survive a killed process at once; this bounds what a power cut can lose.
  const flushTimer = setInterval(() => segments.flush(flushFailed), 1_000);
  const sweepTimer = setInterval(() => sweeps.inBackground('sweep'), Math.min(ttlMs / 4, 10 * 60_000));
  flushTimer.unref();
  sweepTimer.unref();
  let closed = false;
  return {
    read: async (keys) => readItems(journal, keys),
    async write(changes) {
      writeItems(journal, changes);
      sweeps.afterWrite();
    },
    async delete(keys) {
      for (const key of keys) erase(journal, journal.hashOf(key));
    },
    sweep: (at = now()) => sweeps.sweep(at),
    close() {
      // Once only: by a second call, the lock file may be another storage's.
      if (closed) return;
      closed = true;
      clearInterval(sweepTimer);
      clearInterval(flushTimer);
      segments.close();
      unlockDir(dir);
    },
    size: () => index.size,
  };
}

/** Locks `dir` and replays its segments into an index; on failure, closes what it opened. */
function openJournal(dir: string, segmentBytes: number): { segments: Segments; index: LiveIndex } {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  lockDir(dir);
  const segments = new Segments(dir, segmentBytes);
  const index = new LiveIndex();
  try {
    // Files of the previous format (one JSON file a conversation, in ConversationState's shape) can never
    // be read again and would never expire: erase them rather than keep people's state forever.
    for (const name of readdirSync(dir))
      if (/^[0-9a-f]{40}\.json$|\.tmp$/.test(name)) rmSync(join(dir, name), { force: true });
    // Replay: later records (higher segment, then higher offset) replace earlier ones.
    segments.replay((hash, loc, savedAt, eTag) => index.supersede(hash, loc, savedAt, eTag));
  } catch (err) {
    segments.close();
    unlockDir(dir);
    throw err;
  }
  return { segments, index };
}

/** Reads items, forgetting (and erasing) the expired ones. */
function readItems(journal: Journal, keys: string[]): StoreItems {
  const { index, recent, segments, hashOf, expired } = journal;
  const items: StoreItems = Object.create(null); // keyed by conversation: see ConversationStore.save
  for (const key of keys) {
    const hash = hashOf(key);
    const r = index.get(hash);
    if (!r) continue;
    if (expired(r)) {
      erase(journal, hash);
      continue;
    }
    // A fresh parse of the newest record (the caller may change it), with its eTag.
    const item = JSON.parse(recent.get(hash) ?? segments.readJson(r)) as Record<string, unknown>;
    item.eTag = r.eTag;
    items[key] = item;
  }
  return items;
}

/** Writes items in one write(2), all or nothing: every eTag is checked before anything is written. */
function writeItems({ segments, index, recent, hashOf, nextETag, now, expired }: Journal, changes: StoreItems): void {
  const keys = Object.keys(changes);
  const hashes = keys.map(hashOf);
  keys.forEach((key, i) => {
    const { eTag } = changes[key] as { eTag?: string };
    const previous = index.get(hashes[i]);
    if (eTag && eTag !== '*' && previous && !expired(previous) && previous.eTag !== eTag) {
      throw new Error(`storage: eTag conflict on a conversation (${eTag} ≠ ${previous.eTag})`);
    }
  });
  const savedAt = now();
  const records = keys.map((key, i) => {
    const { eTag: _, ...item } = changes[key] as { eTag?: string };
    return { hash: hashes[i], eTag: nextETag(), json: JSON.stringify(item) };
  });
  const locs = segments.append(records.map((r) => encodeRecord(r.hash, savedAt, r.eTag, r.json)));
  records.forEach((r, i) => {
    index.supersede(r.hash, locs[i], savedAt, r.eTag);
    recent.remember(r.hash, r.json);
  });
}

/** Overwrites a conversation's records with spaces, oldest first, and forgets it. */
function erase({ segments, index, recent }: Journal, hash: string): void {
  recent.forget(hash);
  const r = index.get(hash);
  if (!r) return;
  segments.erase(r.older, r);
  index.forget(hash);
}
