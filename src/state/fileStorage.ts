import { createHash, randomUUID } from 'node:crypto';
import { closeSync, constants, fdatasync, fstatSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Storage, StoreItems } from 'botbuilder';

export interface FileStorage extends Storage {
  /** Forgets expired conversations and rewrites the journal without them; runs on a timer too. */
  sweep(now?: number): Promise<number>;
  close(): void;
  /** Conversations currently stored (not expired as of the last read or sweep). */
  size(): number;
}

/**
 * Each record is one line: `<key hash> <savedAt> <eTag> <item JSON>\n`, the header fixed-width so a
 * restart reads headers only. A line without its newline was cut by a crash and is ignored; a line
 * of spaces was erased.
 */
const HASH = 40;
const TIME = 15;
const ETAG = 16;
const HEADER = HASH + 1 + TIME + 1 + ETAG + 1;
/** A new segment is started past this size, so compaction works on bounded files. */
const SEGMENT_BYTES = 16 * 1024 * 1024;
/** Compaction also runs when dead records outweigh live ones by this much (besides the sweep timer). */
const SLACK_BYTES = 64 * 1024 * 1024;
/**
 * The newest item of this many recently written conversations stays in memory: a turn then costs one
 * write(2) and no read(2), and memory stays bounded (items are a few hundred bytes).
 */
const CACHED_ITEMS = 10_000;
const SPACE = 0x20;
const NEWLINE = 0x0a;

/** Where a record is: segment number, byte offset, length including the newline. */
interface Loc {
  seg: number;
  off: number;
  len: number;
}

interface Live extends Loc {
  savedAt: number;
  eTag: string;
  /**
   * Earlier records of the same conversation still on disk, erased with it: flat (segment, offset,
   * length) triples of small integers, so a chatty conversation adds no object per turn for the GC.
   */
  older: number[];
}

interface Segment {
  fd: number;
  size: number;
}

/** Conversation keys are stored as a hash, so no conversation id appears on disk in clear. */
export const keyHash = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, HASH);

/** eTags: a random prefix per process and a counter, fixed width; unique without a UUID per write. */
function eTags(): () => string {
  const prefix = randomUUID().replace(/-/g, '').slice(0, 8);
  let n = 0;
  return () => prefix + (n++).toString(36).padStart(ETAG - 8, '0');
}

const openDirs = new Set<string>();

export interface FileStorageOptions {
  now?: () => number;
  /** Conversations whose newest item is also kept in memory, so their next turn reads no file (default 10,000). */
  cachedItems?: number;
  /** Size past which a new segment is started (default 16 MiB). */
  segmentBytes?: number;
}

/**
 * Conversation state as an append-only journal of segment files in `dir` (one writer).
 * A write is one `write(2)` appended to the current segment, on disk (in the OS cache) before it
 * is acknowledged: a killed process loses nothing acknowledged, and a cut record is ignored. Memory
 * holds only where each conversation's latest record is. "Forget" and expiry erase every record of
 * the conversation in place; compaction copies live records forward and deletes old segments.
 * Replacing a file per write (write + rename) cost ~0.7 ms of disk work a turn on ext4; this costs ~5 µs.
 */
export function createFileStorage(dir: string, ttlMs: number, { now = Date.now, segmentBytes = SEGMENT_BYTES, cachedItems = CACHED_ITEMS }: FileStorageOptions = {}): FileStorage {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (openDirs.has(dir)) throw new Error(`conversation state: ${dir} is already open in this process`);
  lock(dir);
  openDirs.add(dir);

  const index = new Map<string, Live>();
  const segments = new Map<number, Segment>();
  /** Segments written or erased since the last fdatasync. */
  const unsynced = new Set<number>();
  const segmentFile = (seg: number) => join(dir, `journal-${String(seg).padStart(8, '0')}.log`);
  let liveBytes = 0;
  let totalBytes = 0;

  /** Points a conversation at its newest record; the record it replaces stays listed, to be erased with it. */
  const supersede = (hash: string, loc: Loc, savedAt: number, eTag: string) => {
    const r = index.get(hash);
    liveBytes += loc.len - (r?.len ?? 0);
    if (!r) return void index.set(hash, { seg: loc.seg, off: loc.off, len: loc.len, savedAt, eTag, older: [] });
    // Updated in place: a conversation keeps one index object for its whole life.
    r.older.push(r.seg, r.off, r.len);
    r.seg = loc.seg;
    r.off = loc.off;
    r.len = loc.len;
    r.savedAt = savedAt;
    r.eTag = eTag;
  };

  // Files of the previous format (one JSON file a conversation, in ConversationState's shape) can never
  // be read again and would never expire: erase them rather than keep people's state forever.
  for (const name of readdirSync(dir)) if (/^[0-9a-f]{40}\.json$|\.tmp$/.test(name)) rmSync(join(dir, name), { force: true });

  // Replay: later records (higher segment, then higher offset) replace earlier ones.
  const existing = readdirSync(dir)
    .map((name) => /^journal-(\d{8})\.log$/.exec(name))
    .filter((m): m is RegExpExecArray => !!m)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
  for (const seg of existing) {
    const fd = openSync(segmentFile(seg), 'r+');
    if (!fstatSync(fd).isFile()) throw new Error(`conversation state: ${segmentFile(seg)} is not a regular file`);
    const data = readFileSync(fd);
    segments.set(seg, { fd, size: data.length });
    totalBytes += data.length;
    for (let off = 0; off < data.length; ) {
      const end = data.indexOf(NEWLINE, off);
      if (end < 0) break; // cut by a crash: never acknowledged
      const len = end + 1 - off;
      if (len > HEADER && data[off] !== SPACE) {
        const hash = data.toString('latin1', off, off + HASH);
        const savedAt = Number(data.toString('latin1', off + HASH + 1, off + HASH + 1 + TIME));
        const eTag = data.toString('latin1', off + HASH + TIME + 2, off + HEADER - 1);
        supersede(hash, { seg, off, len }, savedAt, eTag);
      }
      off = end + 1;
    }
  }
  // Always append to a fresh segment: the last one may end with a cut record.
  let current = (existing.at(-1) ?? 0) + 1;
  const openCurrent = () => {
    // Not O_APPEND: erasing overwrites records in place, and Linux ignores positions under O_APPEND.
    const fd = openSync(segmentFile(current), constants.O_RDWR | constants.O_CREAT, 0o600);
    segments.set(current, { fd, size: fstatSync(fd).size });
  };
  openCurrent();

  const expired = (r: Live, at = now()) => at - r.savedAt > ttlMs;
  const nextETag = eTags();
  // A turn reads then writes its conversation: hash its key once (bounded memo, cleared when full).
  const hashes = new Map<string, string>();
  const hashOf = (key: string) => {
    let hash = hashes.get(key);
    if (hash === undefined) {
      if (hashes.size >= 10_000) hashes.clear();
      hashes.set(key, (hash = keyHash(key)));
    }
    return hash;
  };

  /** Item JSON of recently written conversations by key hash, oldest first (a copy of their newest record). */
  const recent = new Map<string, string>();
  const remember = (hash: string, json: string) => {
    recent.delete(hash);
    if (recent.size >= cachedItems) recent.delete(recent.keys().next().value!);
    if (cachedItems > 0) recent.set(hash, json);
  };

  /** The item of a record, freshly parsed (the caller may change it), with its eTag. */
  const readItem = (hash: string, r: Live): Record<string, unknown> => {
    let json = recent.get(hash);
    if (json === undefined) {
      const buf = Buffer.allocUnsafe(r.len - HEADER - 1);
      readSync(segments.get(r.seg)!.fd, buf, 0, buf.length, r.off + HEADER);
      json = buf.toString('utf8');
    }
    const item = JSON.parse(json) as Record<string, unknown>;
    item.eTag = r.eTag;
    return item;
  };

  /** Overwrites a conversation's records with spaces, oldest first, and forgets it. */
  const erase = (hash: string) => {
    recent.delete(hash);
    const r = index.get(hash);
    if (!r) return;
    for (const loc of [...locsOf(r.older), r]) {
      const segment = segments.get(loc.seg);
      if (!segment) continue;
      writeSync(segment.fd, Buffer.alloc(loc.len - 1, SPACE), 0, loc.len - 1, loc.off);
      unsynced.add(loc.seg);
    }
    index.delete(hash);
    liveBytes -= r.len;
  };

  /**
   * Appends records to the current segment in one write(2) and returns where each went. A failed
   * write takes back what it wrote (so no record of it survives, and no cut line precedes a good one)
   * and starts a new segment.
   */
  const append = (lines: (Buffer | string)[]): Loc[] => {
    let segment = segments.get(current);
    if (!segment || segment.size >= segmentBytes) {
      current++;
      openCurrent();
      segment = segments.get(current)!;
    }
    const off = segment.size;
    const parts = lines.map((line) => (typeof line === 'string' ? Buffer.from(line, 'utf8') : line));
    const bytes = parts.length === 1 ? parts[0] : Buffer.concat(parts);
    const length = bytes.length;
    try {
      for (let done = 0; done < length; ) done += writeSync(segment.fd, bytes, done, length - done, off + done);
    } catch (err) {
      try {
        ftruncateSync(segment.fd, off);
      } catch {
        // Not a regular file, or the device fails: the segment is left behind below.
      }
      segment.size = fstatSync(segment.fd).size;
      current++;
      try {
        openCurrent();
      } catch {
        // No new segment either (disk full): the next write tries again.
      }
      throw err;
    }
    segment.size += length;
    totalBytes += length;
    unsynced.add(current);
    if (totalBytes - liveBytes > Math.max(SLACK_BYTES, liveBytes)) void storage.sweep();
    let at = off;
    return parts.map((part) => {
      const loc = { seg: current, off: at, len: part.length };
      at += part.length;
      return loc;
    });
  };

  const record = (hash: string, savedAt: number, eTag: string, json: string) => `${hash} ${String(savedAt).padStart(TIME, '0')} ${eTag} ${json}\n`;

  let compacting: Promise<number> | undefined;
  /** Copies the live records of every segment but the current one forward, then deletes those segments. */
  const compact = async (): Promise<void> => {
    current++;
    openCurrent();
    const old = [...segments.keys()].filter((seg) => seg < current);
    let copied = 0;
    for (const [hash, r] of index) {
      if (r.seg >= current) continue;
      const buf = Buffer.allocUnsafe(r.len);
      readSync(segments.get(r.seg)!.fd, buf, 0, r.len, r.off);
      supersede(hash, append([buf])[0], r.savedAt, r.eTag);
      if (++copied % 1000 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    const gone = new Set(old);
    for (const r of index.values()) {
      const kept: number[] = [];
      for (let i = 0; i < r.older.length; i += 3) if (!gone.has(r.older[i])) kept.push(r.older[i], r.older[i + 1], r.older[i + 2]);
      r.older = kept;
    }
    for (const seg of old) {
      const segment = segments.get(seg)!;
      closeSync(segment.fd);
      unlinkSync(segmentFile(seg));
      totalBytes -= segment.size;
      segments.delete(seg);
    }
  };

  const flushTimer = setInterval(() => {
    // Acknowledged writes survive a killed process at once; this bounds what a power cut can lose.
    for (const seg of unsynced) {
      const segment = segments.get(seg);
      if (segment) fdatasync(segment.fd, () => undefined);
    }
    unsynced.clear();
  }, 1_000);
  flushTimer.unref();

  const storage: FileStorage = {
    async read(keys) {
      const items: StoreItems = Object.create(null); // keyed by conversation: see ConversationStore.save
      for (const key of keys) {
        const hash = hashOf(key);
        const r = index.get(hash);
        if (!r) continue;
        if (expired(r)) {
          erase(hash);
          continue;
        }
        items[key] = readItem(hash, r);
      }
      return items;
    },
    async write(changes) {
      const keys = Object.keys(changes);
      const hashes = keys.map(hashOf);
      // Every eTag is checked before anything is written: a write of several items is all or nothing.
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
      const locs = append(records.map((r) => record(r.hash, savedAt, r.eTag, r.json)));
      records.forEach((r, i) => {
        supersede(r.hash, locs[i], savedAt, r.eTag);
        remember(r.hash, r.json);
      });
    },
    async delete(keys) {
      for (const key of keys) erase(hashOf(key));
    },
    sweep(at = now()) {
      compacting ??= (async () => {
        let removed = 0;
        for (const [hash, r] of index) {
          if (expired(r, at)) {
            index.delete(hash);
            recent.delete(hash);
            liveBytes -= r.len;
            removed++;
          }
        }
        await compact();
        return removed;
      })().finally(() => (compacting = undefined));
      return compacting;
    },
    close() {
      clearInterval(sweepTimer);
      clearInterval(flushTimer);
      for (const segment of segments.values()) closeSync(segment.fd);
      segments.clear();
      openDirs.delete(dir);
      rmSync(join(dir, 'lock'), { force: true });
    },
    size: () => index.size,
  };
  const sweepTimer = setInterval(() => void storage.sweep(), Math.min(ttlMs / 4, 10 * 60_000));
  sweepTimer.unref();
  return storage;
}

function locsOf(older: number[]): Loc[] {
  const locs: Loc[] = [];
  for (let i = 0; i < older.length; i += 3) locs.push({ seg: older[i], off: older[i + 1], len: older[i + 2] });
  return locs;
}

/** One writer per directory: a second live process would interleave its appends with ours. */
function lock(dir: string): void {
  const file = join(dir, 'lock');
  try {
    const pid = Number(readFileSync(file, 'utf8'));
    if (pid && pid !== process.pid && alive(pid)) throw new Error(`conversation state: ${dir} is in use by process ${pid}; give each process its own STATE_DIR (if process ${pid} is not Passerelle, delete ${file})`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  writeFileSync(file, String(process.pid), { mode: 0o600 });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
