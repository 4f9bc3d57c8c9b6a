import type { Storage, StoreItems, TurnContext } from 'botbuilder';
import type { DialogState } from '../engine/step.js';

/** The engine's state as stored, with the storage's eTag for optimistic concurrency. */
export interface Saved {
  state: DialogState;
  eTag?: string;
}

/**
 * Keeps each conversation's engine state in a botbuilder `Storage`, under the key botbuilder's
 * ConversationState uses. Unlike ConversationState it does no change hashing: a turn always moves
 * the state (or refreshes its expiry), so it reads once and writes once, with one serialisation.
 */
export class ConversationStore {
  constructor(private readonly storage: Storage) {}

  static key(context: TurnContext): string {
    const { channelId, conversation } = context.activity;
    if (!channelId || !conversation?.id)
      throw new Error('conversation state: the activity has no channelId or conversation.id');
    return `${channelId}/conversations/${conversation.id}/`;
  }

  async load(context: TurnContext): Promise<Saved | undefined> {
    const key = ConversationStore.key(context);
    const item = (await this.storage.read([key]))[key] as { tree?: unknown; eTag?: string } | undefined;
    // Anything else (another version's format, a hand-edited file) means "no state": start over.
    return item && isDialogState(item.tree)
      ? { state: item.tree, ...(item.eTag ? { eTag: item.eTag } : {}) }
      : undefined;
  }

  /** Writes the state; a concurrent turn that saved first makes this one fail (eTag), never lose it silently. */
  async save(context: TurnContext, state: DialogState, eTag?: string): Promise<void> {
    // A dictionary object: a literal with the key as a property name would give V8 a new hidden
    // class for every conversation id.
    const changes: StoreItems = Object.create(null);
    changes[ConversationStore.key(context)] = { tree: state, eTag: eTag ?? '*' };
    await this.storage.write(changes);
  }

  async delete(context: TurnContext): Promise<void> {
    await this.storage.delete([ConversationStore.key(context)]);
  }
}

function isDialogState(x: unknown): x is DialogState {
  const s = x as DialogState | undefined;
  return (
    !!s &&
    (s.node === null || typeof s.node === 'string') &&
    Array.isArray(s.history) &&
    typeof s.profile === 'object' &&
    s.profile !== null
  );
}
