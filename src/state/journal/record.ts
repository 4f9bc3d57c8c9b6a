import { createHash, randomUUID } from 'node:crypto';

/**
 * Each record is one line: `<key hash> <savedAt> <eTag> <item JSON>\n`, the header fixed-width so a
 * restart reads headers only. A line without its newline was cut by a crash and is ignored; a line
 * of spaces was erased.
 */
export const HASH = 40;
export const TIME = 15;
export const ETAG = 16;
export const HEADER = HASH + 1 + TIME + 1 + ETAG + 1;
export const SPACE = 0x20;
const NEWLINE = 0x0a;

/** Conversation keys are stored as a hash, so no conversation id appears on disk in clear. */
export const keyHash = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, HASH);

/** A turn reads then writes its conversation: its key is hashed once (bounded memo, cleared when full). */
export function keyHasher(): (key: string) => string {
  const hashes = new Map<string, string>();
  return (key) => {
    let hash = hashes.get(key);
    if (hash === undefined) {
      if (hashes.size >= 10_000) hashes.clear();
      hashes.set(key, (hash = keyHash(key)));
    }
    return hash;
  };
}

/** eTags: a random prefix per process and a counter, fixed width; unique without a UUID per write. */
export function eTags(): () => string {
  const prefix = randomUUID().replace(/-/g, '').slice(0, 8);
  let n = 0;
  return () => prefix + (n++).toString(36).padStart(ETAG - 8, '0');
}

export const encodeRecord = (hash: string, savedAt: number, eTag: string, json: string) =>
  `${hash} ${String(savedAt).padStart(TIME, '0')} ${eTag} ${json}\n`;

/** Where the item JSON of a record of `len` bytes (newline included) starts, and its length. */
export const JSON_START = HEADER;
export const jsonLength = (len: number) => len - HEADER - 1;

export type RecordVisitor = (hash: string, savedAt: number, eTag: string, off: number, len: number) => void;

/** Calls `visit` with the header of every complete, not erased record of a segment's bytes, in order. */
export function scanRecords(data: Buffer, visit: RecordVisitor): void {
  for (let off = 0; off < data.length;) {
    const end = data.indexOf(NEWLINE, off);
    if (end < 0) break; // cut by a crash: never acknowledged
    const len = end + 1 - off;
    if (len > HEADER && data[off] !== SPACE) {
      const hash = data.toString('latin1', off, off + HASH);
      const savedAt = Number(data.toString('latin1', off + HASH + 1, off + HASH + 1 + TIME));
      const eTag = data.toString('latin1', off + HASH + TIME + 2, off + HEADER - 1);
      visit(hash, savedAt, eTag, off, len);
    }
    off = end + 1;
  }
}
