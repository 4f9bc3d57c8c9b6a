import { randomBytes } from 'node:crypto';
import type { Activity } from 'botbuilder';
import type { Redis, SharedRedis } from '../common/redis.js';
import { emptyConversation, type Conversation, type ConversationLimits, type StoredActivity } from './conversations.js';
import type { ConversationBackend } from './backend.js';

const PREFIX = 'passerelle:dl:';
const EVENTS = 'passerelle:dl:events';
const TOKEN_KEY = 'passerelle:dl:token-key';
// One hash slot per conversation (braces), so a cluster could hold it too.
const metaKey = (id: string) => `${PREFIX}{${id}}:meta`;
const logKey = (id: string) => `${PREFIX}{${id}}:log`;

/** What pub/sub carries: new activities for the streams of a conversation, or its end. */
type Event = { id: string; activities: StoredActivity[]; watermark: string } | { id: string; deleted: true };

const newId = () => randomBytes(16).toString('base64url');

type Limits = Required<Pick<ConversationLimits, 'ttlMs' | 'maxActivities' | 'pageSize' | 'idleMs'>>;

/**
 * Direct Line conversations in Redis, for several instances: a hash (user, locale, started, next
 * sequence number) and a list of activities per conversation, both expiring `ttlMs` after their last
 * use. A new activity is published: the instance holding the conversation's WebSocket pushes it. This
 * process keeps only handles (listeners and the turn queue) of the conversations it serves.
 */
class RedisConversations implements ConversationBackend {
  private readonly handles = new Map<string, Conversation>();

  constructor(
    private readonly client: Redis,
    private readonly limits: Limits,
  ) {}

  /** Delivers a published event to this instance's streams. */
  hear(message: string): void {
    const event = JSON.parse(message) as Event;
    if ('deleted' in event) return this.drop(event.id);
    for (const listener of this.handles.get(event.id)?.listeners ?? []) listener(event.activities, event.watermark);
  }

  private handle(id: string, now: number): Conversation {
    const c = this.handles.get(id) ?? emptyConversation(now, id, '');
    this.handles.set(id, c);
    c.lastUsed = now;
    return c;
  }

  private drop(id: string): void {
    this.handles.get(id)?.listeners.clear();
    this.handles.delete(id);
  }

  private refresh(id: string): (string | number)[][] {
    return [
      ['pexpire', metaKey(id), this.limits.ttlMs],
      ['pexpire', logKey(id), this.limits.ttlMs],
    ];
  }

  async create(now = Date.now()): Promise<Conversation> {
    const c = this.handle(newId(), now);
    c.userId = `dl_${newId()}`;
    const meta = ['hset', metaKey(c.id), 'userId', c.userId, 'started', 0, 'next', 0];
    await this.client.multi([meta, ...this.refresh(c.id)]).exec();
    return c;
  }

  async get(id: string, now = Date.now()): Promise<Conversation | undefined> {
    const results = await this.client.multi([['hgetall', metaKey(id)], ...this.refresh(id)]).exec();
    const meta = results?.[0]?.[1] as Record<string, string> | undefined;
    if (!meta?.userId) return void this.drop(id);
    const c = this.handle(id, now);
    c.userId = meta.userId;
    c.started = meta.started === '1';
    if (meta.locale) c.locale = meta.locale;
    return c;
  }

  async save(c: Conversation): Promise<void> {
    const fields = ['userId', c.userId, 'started', c.started ? 1 : 0, ...(c.locale ? ['locale', c.locale] : [])];
    await this.client.hset(metaKey(c.id), ...fields);
  }

  async append(c: Conversation, activities: Partial<Activity>[], now = Date.now()): Promise<StoredActivity[]> {
    if (!activities.length) return [];
    // The sequence numbers are taken first, atomically: two instances never give out the same one.
    const next = await this.client.hincrby(metaKey(c.id), 'next', activities.length);
    const fresh = activities.map((a, i) => stamp(c.id, a, next - activities.length + i, now));
    const event: Event = { id: c.id, activities: fresh, watermark: String(next) };
    await this.client
      .multi([
        ['rpush', logKey(c.id), ...fresh.map((a) => JSON.stringify(a))],
        ['ltrim', logKey(c.id), -this.limits.maxActivities, -1],
        ...this.refresh(c.id),
        ['publish', EVENTS, JSON.stringify(event)],
      ])
      .exec();
    return fresh;
  }

  async since(c: Conversation, watermark: number): Promise<{ activities: StoredActivity[]; watermark: string }> {
    const results = await this.client
      .multi([
        ['lrange', logKey(c.id), 0, -1],
        ['hget', metaKey(c.id), 'next'],
      ])
      .exec();
    const items = (results?.[0]?.[1] ?? []) as string[];
    const next = Number(results?.[1]?.[1] ?? 0);
    const page = items
      .map((json) => JSON.parse(json) as StoredActivity)
      .filter((a) => seqOf(a) >= watermark)
      .slice(0, this.limits.pageSize);
    const last = page.at(-1);
    return { activities: page, watermark: String(last ? seqOf(last) + 1 : next) };
  }

  async clear(c: Conversation): Promise<void> {
    await this.client.del(logKey(c.id));
  }

  async delete(id: string): Promise<boolean> {
    const removed = await this.client.del(metaKey(id), logKey(id));
    await this.client.publish(EVENTS, JSON.stringify({ id, deleted: true } satisfies Event));
    this.drop(id);
    return removed > 0;
  }

  sweep(now = Date.now()): void {
    // Redis expires the data; handles without a stream and idle are forgotten here.
    for (const [id, c] of this.handles)
      if (!c.listeners.size && now - c.lastUsed > this.limits.idleMs) this.handles.delete(id);
  }

  size = () => this.handles.size;
  bytes = () => 0;
}

export function createRedisConversations(shared: SharedRedis, limits: ConversationLimits): ConversationBackend {
  const { ttlMs, maxActivities, pageSize = Infinity, idleMs = 30 * 60_000 } = limits;
  const conversations = new RedisConversations(shared.client, { ttlMs, maxActivities, pageSize, idleMs });
  shared.subscribe(EVENTS, (message) => conversations.hear(message));
  return conversations;
}

const seqOf = (a: StoredActivity) => Number(a.id.slice(a.id.lastIndexOf('|') + 1));

function stamp(id: string, a: Partial<Activity>, seq: number, now: number): StoredActivity {
  return {
    ...a,
    id: `${id}|${String(seq).padStart(7, '0')}`,
    timestamp: new Date(now).toISOString(),
    conversation: { id },
  } as StoredActivity;
}

/** The token key every instance signs with: the first instance's random key, kept in Redis. */
export async function sharedTokenKey({ client }: SharedRedis): Promise<Buffer> {
  await client.set(TOKEN_KEY, randomBytes(32).toString('base64'), 'NX');
  const key = await client.get(TOKEN_KEY);
  if (!key) throw new Error('Direct Line: no token key in Redis');
  return Buffer.from(key, 'base64');
}
