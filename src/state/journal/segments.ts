import {
  closeSync,
  constants,
  fdatasync,
  fstatSync,
  ftruncateSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { JSON_START, jsonLength, scanRecords, SPACE } from './record.js';

/** Where a record is: segment number, byte offset, length including the newline. */
export interface Loc {
  seg: number;
  off: number;
  len: number;
}

interface Segment {
  fd: number;
  size: number;
}

/**
 * The journal's segment files `journal-<n>.log` in one directory; records are appended to the
 * current (highest) one, and a new one is started past `segmentBytes`, so compaction works on
 * bounded files.
 */
export class Segments {
  /** The segment appended to. */
  current = 0;
  /** Bytes in every open segment, live or dead. */
  totalBytes = 0;
  /** Set by close(): a compaction in progress stops at its next yield. */
  closed = false;
  private readonly files = new Map<number, Segment>();
  /** Segments written or erased since the last fdatasync. */
  private readonly unsynced = new Set<number>();

  constructor(
    private readonly dir: string,
    private readonly segmentBytes: number,
  ) {}

  private fileOf(seg: number): string {
    return join(this.dir, `journal-${String(seg).padStart(8, '0')}.log`);
  }

  /** Opens the existing segments, oldest first, showing `visit` each record; then starts a fresh one. */
  replay(visit: (hash: string, loc: Loc, savedAt: number, eTag: string) => void): void {
    const existing = readdirSync(this.dir)
      .map((name) => /^journal-(\d{8})\.log$/.exec(name))
      .filter((m): m is RegExpExecArray => !!m)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
    for (const seg of existing) {
      const fd = openSync(this.fileOf(seg), 'r+');
      if (!fstatSync(fd).isFile()) {
        closeSync(fd);
        throw new Error(`conversation state: ${this.fileOf(seg)} is not a regular file`);
      }
      const data = readFileSync(fd);
      this.files.set(seg, { fd, size: data.length });
      this.totalBytes += data.length;
      scanRecords(data, (hash, savedAt, eTag, off, len) => visit(hash, { seg, off, len }, savedAt, eTag));
    }
    // Always append to a fresh segment: the last one may end with a cut record.
    this.current = (existing.at(-1) ?? 0) + 1;
    this.openCurrent();
  }

  /** Moves on to a new segment. */
  rotate(): void {
    this.current++;
    this.openCurrent();
  }

  /**
   * Appends records to the current segment in one write(2) and returns where each went. A failed
   * write takes back what it wrote (so no record of it survives, and no cut line precedes a good one)
   * and starts a new segment.
   */
  append(lines: (Buffer | string)[]): Loc[] {
    let segment = this.files.get(this.current);
    if (!segment || segment.size >= this.segmentBytes) {
      this.rotate();
      segment = this.files.get(this.current)!;
    }
    const off = segment.size;
    const parts = lines.map((line) => (typeof line === 'string' ? Buffer.from(line, 'utf8') : line));
    const bytes = parts.length === 1 ? parts[0] : Buffer.concat(parts);
    const length = bytes.length;
    try {
      for (let done = 0; done < length;) done += writeSync(segment.fd, bytes, done, length - done, off + done);
    } catch (err) {
      this.rollBack(segment, off);
      throw err;
    }
    segment.size += length;
    this.totalBytes += length;
    this.unsynced.add(this.current);
    const seg = this.current;
    let at = off;
    return parts.map((part) => {
      const loc = { seg, off: at, len: part.length };
      at += part.length;
      return loc;
    });
  }

  private rollBack(segment: Segment, off: number): void {
    try {
      ftruncateSync(segment.fd, off);
    } catch {
      // Not a regular file, or the device fails: the segment is left behind below.
    }
    segment.size = fstatSync(segment.fd).size;
    this.current++;
    try {
      this.openCurrent();
    } catch {
      // No new segment either (disk full): the next write tries again.
    }
  }

  /** A whole record's bytes. */
  readRecord(loc: Loc): Buffer {
    const buf = Buffer.allocUnsafe(loc.len);
    readSync(this.files.get(loc.seg)!.fd, buf, 0, loc.len, loc.off);
    return buf;
  }

  /** The item JSON of a record. */
  readJson(loc: Loc): string {
    const buf = Buffer.allocUnsafe(jsonLength(loc.len));
    readSync(this.files.get(loc.seg)!.fd, buf, 0, buf.length, loc.off + JSON_START);
    return buf.toString('utf8');
  }

  /** Overwrites records with spaces: `older` as flat (segment, offset, length) triples, then `last`. */
  erase(older: number[], last: Loc): void {
    for (let i = 0; i < older.length; i += 3) this.eraseOne(older[i], older[i + 1], older[i + 2]);
    this.eraseOne(last.seg, last.off, last.len);
  }

  private eraseOne(seg: number, off: number, len: number): void {
    const segment = this.files.get(seg);
    if (!segment) return; // deleted by compaction
    writeSync(segment.fd, Buffer.alloc(len - 1, SPACE), 0, len - 1, off);
    this.unsynced.add(seg);
  }

  /** Closes and deletes every segment before `first` (their live records were copied forward). */
  dropBefore(first: number): void {
    for (const [seg, segment] of this.files) {
      if (seg >= first) continue;
      this.files.delete(seg);
      this.totalBytes -= segment.size;
      closeSync(segment.fd);
      unlinkSync(this.fileOf(seg));
    }
  }

  /** fdatasyncs the segments written or erased since the last call; `failed` hears of each error. */
  flush(failed: (error: Error) => void): void {
    for (const seg of this.unsynced) {
      const segment = this.files.get(seg);
      // An error on a segment closed meanwhile (compaction, close) is moot: it is not reported.
      if (!segment) continue;
      fdatasync(segment.fd, (err) => {
        if (err && this.files.get(seg) === segment) failed(err);
      });
    }
    this.unsynced.clear();
  }

  close(): void {
    this.closed = true;
    for (const segment of this.files.values()) closeSync(segment.fd);
    this.files.clear();
  }

  private openCurrent(): void {
    // Not O_APPEND: erasing overwrites records in place, and Linux ignores positions under O_APPEND.
    const fd = openSync(this.fileOf(this.current), constants.O_RDWR | constants.O_CREAT, 0o600);
    this.files.set(this.current, { fd, size: fstatSync(fd).size });
  }
}
