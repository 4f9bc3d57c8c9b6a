import { randomBytes } from 'node:crypto';
import type { Activity } from 'botbuilder';

export type StoredActivity = Partial<Activity> & { id: string; timestamp: string };
export type Listener = (activities: StoredActivity[], watermark: string) => void;

export interface Conversation {
  id: string;
  /** The user the conversationUpdate introduced (Web Chat may send its own id in messages). */
  userId: string;
  locale?: string;
  started: boolean;
  activities: { seq: number; activity: StoredActivity }[];
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
}

export interface Conversations {
  create(now?: number): Conversation;
  get(id: string, now?: number): Conversation | undefined;
  append(conversation: Conversation, activities: Partial<Activity>[], now?: number): StoredActivity[];
  since(conversation: Conversation, watermark: number): { activities: StoredActivity[]; watermark: string };
  delete(id: string): boolean;
  sweep(now?: number): void;
  size(): number;
}

const newId = () => randomBytes(16).toString('base64url');

/**
 * The Direct Line conversations of this process, in memory and bounded: idle ones expire after
 * `ttlMs`, the least recently used is dropped past `maxConversations`, old activities past `maxActivities`.
 */
export function createConversations(limits: ConversationLimits): Conversations {
  const all = new Map<string, Conversation>();
  const expired = (c: Conversation, now: number) => now - c.lastUsed > limits.ttlMs;
  const drop = (c: Conversation) => {
    all.delete(c.id);
    c.listeners.clear();
  };
  return {
    create(now = Date.now()) {
      while (all.size >= limits.maxConversations) drop(all.values().next().value as Conversation);
      const c: Conversation = {
        id: newId(),
        userId: `dl_${newId()}`,
        started: false,
        activities: [],
        next: 0,
        lastUsed: now,
        listeners: new Set(),
        queue: Promise.resolve(),
      };
      all.set(c.id, c);
      return c;
    },
    get(id, now = Date.now()) {
      const c = all.get(id);
      if (!c) return undefined;
      if (expired(c, now)) {
        drop(c);
        return undefined;
      }
      // Re-inserting keeps the Map in least-recently-used order for eviction.
      all.delete(id);
      all.set(id, c);
      c.lastUsed = now;
      return c;
    },
    append(c, activities, now = Date.now()) {
      const stored = activities.map((a) => {
        const seq = c.next++;
        const activity = {
          ...a,
          id: `${c.id}|${String(seq).padStart(7, '0')}`,
          timestamp: new Date(now).toISOString(),
          conversation: { id: c.id },
        } as StoredActivity;
        c.activities.push({ seq, activity });
        return activity;
      });
      if (c.activities.length > limits.maxActivities)
        c.activities.splice(0, c.activities.length - limits.maxActivities);
      for (const listener of c.listeners) listener(stored, String(c.next));
      return stored;
    },
    since(c, watermark) {
      return {
        activities: c.activities.filter((x) => x.seq >= watermark).map((x) => x.activity),
        watermark: String(c.next),
      };
    },
    delete(id) {
      const c = all.get(id);
      if (c) drop(c);
      return !!c;
    },
    sweep(now = Date.now()) {
      for (const c of [...all.values()]) if (expired(c, now)) drop(c);
    },
    size: () => all.size,
  };
}
