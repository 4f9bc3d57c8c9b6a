import type { Activity } from 'botbuilder';
import type { Conversation, StoredActivity } from './conversations.js';

type Awaitable<T> = T | Promise<T>;

/**
 * Where conversations live, as the service and the routes use them: this process's memory
 * (`Conversations`, synchronous) or Redis, shared by every instance (asynchronous).
 */
export interface ConversationBackend {
  create(now?: number): Awaitable<Conversation>;
  get(id: string, now?: number): Awaitable<Conversation | undefined>;
  /** Stores the activities and delivers them to every stream of the conversation (on every instance). */
  append(conversation: Conversation, activities: Partial<Activity>[], now?: number): Awaitable<StoredActivity[]>;
  since(conversation: Conversation, watermark: number): Awaitable<{ activities: StoredActivity[]; watermark: string }>;
  clear(conversation: Conversation): Awaitable<void>;
  delete(id: string): Awaitable<boolean>;
  /** Keeps what the service changed on the conversation (started, locale, user): no-op in memory. */
  save?(conversation: Conversation): Awaitable<void>;
  sweep(now?: number): void;
  size(): number;
  bytes(): number;
}
