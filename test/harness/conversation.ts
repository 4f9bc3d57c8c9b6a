import { TestAdapter, type Activity, type ConversationAccount } from 'botbuilder';
import type { App } from '../../src/app.js';

export type Reply = Partial<Activity>;

/** One user's conversation with an in-process app through botbuilder's TestAdapter, on a production channel id. */
export function conversation(
  app: App,
  { channelId = 'webchat', locale = 'fr-FR', id = `conv-${Math.random().toString(36).slice(2)}` } = {},
) {
  const adapter = new TestAdapter((context) => app.bot.run(context), {
    channelId,
    locale,
    conversation: { id } as ConversationAccount,
  });
  adapter.enableTrace = true; // traces reach the queue; the bot itself sends them on the emulator channel only
  const drain = (): Reply[] => adapter.activeQueue.splice(0);
  return {
    adapter,
    async start(): Promise<Reply[]> {
      await adapter.processActivity({
        type: 'conversationUpdate',
        membersAdded: [{ id: 'user', name: 'user' }],
        recipient: { id: 'bot', name: 'bot' },
      });
      return drain();
    },
    async say(text: string): Promise<Reply[]> {
      await adapter.processActivity({ type: 'message', text });
      return drain();
    },
    async press(value: { choice?: string; command?: string; page?: number }): Promise<Reply[]> {
      await adapter.processActivity({ type: 'message', text: '', value });
      return drain();
    },
  };
}

/** A conversation that has been greeted and has given its town: the bot waits on the main menu. */
export async function afterTown(app: App, town: string, options: Parameters<typeof conversation>[1] = {}) {
  const c = conversation(app, options);
  await c.start();
  await c.say(town);
  return c;
}

/** The menu the bot waits on after these replies (from the prompt's channelData). */
export function waitingNode(replies: Reply[]): string | undefined {
  return [...replies].reverse().find((r) => (r.channelData as { node?: string } | undefined)?.node)?.channelData.node;
}

export function choiceIds(replies: Reply[]): string[] {
  return (
    [...replies].reverse().find((r) => (r.channelData as { choices?: string[] } | undefined)?.choices)?.channelData
      .choices ?? []
  );
}

/** Directory entries shown in these replies. */
export function entriesShown(replies: Reply[]): string[] {
  return replies.map((r) => (r.channelData as { entry?: string } | undefined)?.entry).filter((e): e is string => !!e);
}

export const allText = (replies: Reply[]) => replies.map((r) => r.text ?? '').join('\n');

/** The buttons of the cards in these replies (call and SMS buttons), as [title, value]. */
export function cardButtons(reply: Reply): { title: string; value: string; type: string }[] {
  return (reply.attachments ?? []).flatMap(
    (a) => (a.content as { buttons?: { title: string; value: string; type: string }[] })?.buttons ?? [],
  );
}
