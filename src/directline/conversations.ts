import { randomBytes } from 'node:crypto';
import type { Activity } from 'botbuilder';

export type StoredActivity = Partial<Activity> & { id: string; timestamp: string };
export type Listener = (activities: StoredActivity[], watermark: string) => void;

/** An activity kept, with its size as JSON: what the byte limits count. */
interface Kept {
  seq: number;
  activity: StoredActivity;
  size: number;
}

export interface Conversation {
  id: string;
  /** The user the conversationUpdate introduced (Web Chat may send its own id in messages). */
  userId: string;
  locale?: string;
  started: boolean;
  activities: Kept[];
  bytes: number;
  next: number;
  lastUsed: number;
  listeners: Set<Listener>;
  /** Turns of one conversation run one after the other, so the bot state is never raced. */
  queue: Promise<unknown>;
}

export interface ConversationLimits {
  ttlMs: number;
  maxConversations: number;
  maxActivities: number;
  /**
   * A conversation touched within this time, or with a stream open, is in use and never evicted to
   * make room: a new one is refused instead (ConversationsFull). 0 (the default): always evictable.
   */
  idleMs?: number;
  /** JSON size of the activities one conversation keeps; older ones are dropped past it. */
  maxBytesPerConversation?: number;
  /** JSON size of the activities all conversations keep; the least recently used lose their oldest. */
  maxBytes?: number;
  /** Most activities one GET returns; the watermark then points at the rest. */
  pageSize?: number;
}

export interface Conversations {
  /** A new conversation; throws ConversationsFull when every one is in use. */
  create(now?: number): Conversation;
  get(id: string, now?: number): Conversation | undefined;
  append(conversation: Conversation, activities: Partial<Activity>[], now?: number): StoredActivity[];
  since(conversation: Conversation, watermark: number): { activities: StoredActivity[]; watermark: string };
  /** Drops the conversation's transcript (the bot forgot it); the conversation goes on. */
  clear(conversation: Conversation): void;
  delete(id: string): boolean;
  sweep(now?: number): void;
  size(): number;
  bytes(): number;
}

/** Every conversation is in use: retry after `retryAfterMs`, when the least recently used may be evicted. */
export class ConversationsFull extends Error {
  constructor(readonly retryAfterMs: number) {
    super('every Direct Line conversation is in use');
  }
}

const newId = () => randomBytes(16).toString('base64url');
/** A conversation with nothing in it yet: a new one (fresh ids), or the handle of one kept elsewhere (Redis). */
export function emptyConversation(now: number, id = newId(), userId = `dl_${newId()}`): Conversation {
  return {
    id,
    userId,
    started: false,
    activities: [],
    bytes: 0,
    next: 0,
    lastUsed: now,
    listeners: new Set(),
    queue: Promise.resolve(),
  };
}

function stored(c: Conversation, a: Partial<Activity>, now: number): Kept {
  const seq = c.next++;
  const activity = {
    ...a,
    id: `${c.id}|${String(seq).padStart(7, '0')}`,
    timestamp: new Date(now).toISOString(),
    conversation: { id: c.id },
  } as StoredActivity;
  return { seq, activity, size: JSON.stringify(activity).length };
}

/** The conversations and their activities, with the byte counts every limit reads. */
class Table {
  readonly all = new Map<string, Conversation>();
  total = 0;

  drop(c: Conversation): void {
    this.all.delete(c.id);
    this.total -= c.bytes;
    c.listeners.clear();
  }

  shift(c: Conversation): void {
    const first = c.activities.shift()!;
    c.bytes -= first.size;
    this.total -= first.size;
  }

  push(c: Conversation, kept: Kept[]): void {
    for (const k of kept) {
      c.activities.push(k);
      c.bytes += k.size;
      this.total += k.size;
    }
  }

  /** Past `max`, the least recently used conversations lose their oldest activities first (Map order is LRU). */
  trimTotal(max: number, keep: Conversation): void {
    for (const c of this.all.values()) {
      while (this.total > max && c.activities.length > (c === keep ? 1 : 0)) this.shift(c);
      if (this.total <= max) return;
    }
  }
}

/**
 * Room for one more: the least recently used conversation not in use goes. When every one is in
 * use, throws ConversationsFull with the time until the first may be evicted.
 */
function makeRoom(table: Table, now: number, idleMs: number): void {
  const inUse = (c: Conversation) => c.listeners.size > 0 || now - c.lastUsed < idleMs;
  let wait = Infinity;
  for (const c of table.all.values()) {
    if (!inUse(c)) return table.drop(c);
    if (!c.listeners.size) wait = Math.min(wait, c.lastUsed + idleMs - now);
  }
  throw new ConversationsFull(Number.isFinite(wait) ? Math.max(1000, wait) : idleMs || 60_000);
}

/**
 * The Direct Line conversations of this process, in memory and bounded: idle ones expire after
 * `ttlMs`; past `maxConversations` the least recently used idle one is evicted, and when none is
 * idle a new one is refused; activities are bounded in number and in bytes, per conversation and in all.
 */
export function createConversations(limits: ConversationLimits): Conversations {
  const { idleMs = 0, maxBytesPerConversation = Infinity, maxBytes = Infinity, pageSize = Infinity } = limits;
  const table = new Table();
  const { all } = table;
  const expired = (c: Conversation, now: number) => now - c.lastUsed > limits.ttlMs;
  return {
    create(now = Date.now()) {
      if (all.size >= limits.maxConversations) makeRoom(table, now, idleMs);
      const c = emptyConversation(now);
      all.set(c.id, c);
      return c;
    },
    get(id, now = Date.now()) {
      const c = all.get(id);
      if (!c || expired(c, now)) return void (c && table.drop(c));
      // Re-inserting keeps the Map in least-recently-used order for eviction.
      all.delete(id);
      all.set(id, c);
      c.lastUsed = now;
      return c;
    },
    append(c, activities, now = Date.now()) {
      const kept = activities.map((a) => stored(c, a, now));
      table.push(c, kept);
      while (c.activities.length > limits.maxActivities) table.shift(c);
      while (c.bytes > maxBytesPerConversation && c.activities.length > 1) table.shift(c);
      if (table.total > maxBytes) table.trimTotal(maxBytes, c);
      const fresh = kept.map((k) => k.activity);
      for (const listener of c.listeners) listener(fresh, String(c.next));
      return fresh;
    },
    since(c, watermark) {
      const page = c.activities.filter((x) => x.seq >= watermark).slice(0, pageSize);
      const last = page.at(-1);
      // A page cut short points the watermark at the first activity it left out.
      return { activities: page.map((x) => x.activity), watermark: String(last ? last.seq + 1 : c.next) };
    },
    clear(c) {
      table.total -= c.bytes;
      c.bytes = 0;
      c.activities = [];
    },
    delete(id) {
      const c = all.get(id);
      if (c) table.drop(c);
      return !!c;
    },
    sweep(now = Date.now()) {
      for (const c of [...all.values()]) if (expired(c, now)) table.drop(c);
    },
    size: () => all.size,
    bytes: () => table.total,
  };
}
