import type { Loc } from './segments.js';

/** A conversation's newest record, and what else of it is on disk. */
export interface Live extends Loc {
  savedAt: number;
  eTag: string;
  /**
   * Earlier records of the same conversation still on disk, erased with it: flat (segment, offset,
   * length) triples of small integers, so a chatty conversation adds no object per turn for the GC.
   */
  older: number[];
}

/** Memory holds only where each conversation's latest record is, by key hash. */
export class LiveIndex {
  readonly records = new Map<string, Live>();
  /** Bytes of the newest records; the rest of the segments is dead and compaction reclaims it. */
  liveBytes = 0;

  get(hash: string): Live | undefined {
    return this.records.get(hash);
  }

  get size(): number {
    return this.records.size;
  }

  /** Points a conversation at its newest record; the record it replaces stays listed, to be erased with it. */
  supersede(hash: string, loc: Loc, savedAt: number, eTag: string): void {
    const r = this.records.get(hash);
    this.liveBytes += loc.len - (r?.len ?? 0);
    if (!r) return void this.records.set(hash, { seg: loc.seg, off: loc.off, len: loc.len, savedAt, eTag, older: [] });
    // Updated in place: a conversation keeps one index object for its whole life.
    r.older.push(r.seg, r.off, r.len);
    r.seg = loc.seg;
    r.off = loc.off;
    r.len = loc.len;
    r.savedAt = savedAt;
    r.eTag = eTag;
  }

  forget(hash: string): void {
    const r = this.records.get(hash);
    if (!r) return;
    this.records.delete(hash);
    this.liveBytes -= r.len;
  }

  /** Forgets every conversation `expired` says is, telling `forgotten`; returns how many. */
  forgetWhere(expired: (r: Live) => boolean, forgotten: (hash: string) => void): number {
    let removed = 0;
    for (const [hash, r] of this.records) {
      if (!expired(r)) continue;
      this.forget(hash);
      forgotten(hash);
      removed++;
    }
    return removed;
  }

  /** Drops the earlier records listed in segments before `first`, which compaction deleted. */
  dropOlderBefore(first: number): void {
    for (const r of this.records.values()) {
      if (!r.older.length) continue;
      const kept: number[] = [];
      for (let i = 0; i < r.older.length; i += 3)
        if (r.older[i] >= first) kept.push(r.older[i], r.older[i + 1], r.older[i + 2]);
      r.older = kept;
    }
  }
}

/**
 * The item JSON of recently written conversations by key hash, oldest first (a copy of their newest
 * record): a turn then costs one write(2) and no read(2), and memory stays bounded (items are a few
 * hundred bytes).
 */
export class RecentItems {
  private readonly items = new Map<string, string>();

  constructor(private readonly capacity: number) {}

  get(hash: string): string | undefined {
    return this.items.get(hash);
  }

  remember(hash: string, json: string): void {
    this.items.delete(hash);
    if (this.items.size >= this.capacity) this.items.delete(this.items.keys().next().value!);
    if (this.capacity > 0) this.items.set(hash, json);
  }

  forget(hash: string): void {
    this.items.delete(hash);
  }
}
