import type { Activity } from 'botbuilder';
import {
  createConversations,
  type Conversation,
  type ConversationLimits,
  type Conversations,
  type StoredActivity,
} from './conversations.js';
import type { ConversationBackend } from './backend.js';
import { createTokenSigner, type TokenSigner } from './token.js';
import { replies, turnActivity, userActivity, type Posted } from './activity.js';
import { FORGET_TRACE } from '../common/traces.js';

export interface DirectLineOptions extends ConversationLimits {
  tokenTtlMs: number;
  /** WebSocket streams open at once on one conversation (its tokens included), and in all. */
  maxStreamsPerConversation: number;
  maxStreams: number;
}

export const DEFAULT_LIMITS: Omit<DirectLineOptions, 'ttlMs'> = {
  tokenTtlMs: 3600_000,
  maxConversations: 2000,
  maxActivities: 200,
  idleMs: 30 * 60_000,
  maxBytesPerConversation: 256 * 1024,
  maxBytes: 64 * 1024 * 1024,
  pageSize: 100,
  maxStreamsPerConversation: 4,
  maxStreams: 2000,
};

export interface DirectLineService<B extends ConversationBackend = Conversations> {
  conversations: B;
  options: DirectLineOptions;
  signer: TokenSigner;
  /** Sends the conversationUpdate that makes the bot greet, once, in the page's locale. */
  start(conversation: Conversation, serviceUrl: string, start: { locale?: string; userId?: string }): Promise<void>;
  /** Stores the user's activity, runs the bot turn, stores the replies; returns the user's activity. */
  post(conversation: Conversation, posted: Posted, serviceUrl: string): Promise<StoredActivity>;
  /** Quick exit: the bot erases its state for the conversation, then the conversation is deleted. */
  erase(conversation: Conversation, serviceUrl: string): Promise<void>;
}

type Converse = (activity: Partial<Activity>) => Promise<Partial<Activity>[]>;

/**
 * The local Direct Line: conversations, tokens and the bot turns, with no HTTP in it. Conversations
 * are in memory unless a backend (Redis) is given, with the token key every instance shares.
 */
export function createDirectLineService(converse: Converse, options: DirectLineOptions): DirectLineService;
export function createDirectLineService<B extends ConversationBackend>(
  converse: Converse,
  options: DirectLineOptions,
  shared: { conversations: B; tokenKey: Buffer },
): DirectLineService<B>;
export function createDirectLineService(
  converse: Converse,
  options: DirectLineOptions,
  shared?: { conversations: ConversationBackend; tokenKey: Buffer },
): DirectLineService<ConversationBackend> {
  const conversations: ConversationBackend = shared?.conversations ?? createConversations(options);
  const signer = createTokenSigner(options.tokenTtlMs, shared?.tokenKey);
  // One turn at a time per conversation; a failed turn must not block the next one.
  const serialize = <T>(c: Conversation, job: () => Promise<T>): Promise<T> => {
    const result = c.queue.then(job, job);
    // Settled with nothing: the queue must not keep the last activity alive once it is trimmed.
    c.queue = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  };
  return {
    conversations,
    options,
    signer,
    start(c, serviceUrl, { locale, userId }) {
      return serialize(c, async () => {
        if (c.started) return;
        c.started = true;
        if (locale) c.locale = locale;
        if (userId) c.userId = userId;
        await conversations.save?.(c);
        const user = { id: c.userId, role: 'user' } as Activity['from'];
        const update = turnActivity(
          { type: 'conversationUpdate', from: user, membersAdded: [user], locale: c.locale },
          c.id,
          serviceUrl,
        );
        await conversations.append(c, replies(await converse(update), user, undefined));
      });
    },
    post(c, posted, serviceUrl) {
      return serialize(c, async () => {
        const activity = userActivity(posted, c.userId, c.locale);
        // Typing indicators are acknowledged, not kept: they mean nothing once read.
        if (posted.type === 'typing')
          return { ...activity, id: `${c.id}|typing`, timestamp: new Date().toISOString() } as StoredActivity;
        const [stored] = await conversations.append(c, [activity]);
        const answer = await converse(turnActivity(stored, c.id, serviceUrl));
        // The conversation may have been erased (quick exit) while the bot was thinking.
        if ((await conversations.get(c.id)) !== c) return stored;
        // "Forget me" typed in the chat: the bot erased its state, the transcript goes too.
        const forgot = answer.some((a) => a.type === 'trace' && a.name === FORGET_TRACE);
        if (forgot) await conversations.clear(c);
        const user = stored.from as Activity['from'];
        // Replies are addressed to the user by id only once it is forgotten (no name kept).
        const to = forgot ? ({ id: user.id, role: 'user' } as Activity['from']) : user;
        await conversations.append(c, replies(answer, to, forgot ? undefined : stored.id));
        return stored;
      });
    },
    async erase(c, serviceUrl) {
      try {
        await this.post(c, { type: 'message', value: { command: 'forget' } }, serviceUrl);
      } finally {
        await conversations.delete(c.id);
      }
    },
  };
}
