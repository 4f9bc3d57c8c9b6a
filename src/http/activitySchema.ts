import { z } from 'zod';
import { MAX_TEXT } from '../shared/limits.js';

const Account = z.object({ id: z.string().min(1).max(512) }).passthrough();

/**
 * What /api/messages accepts before the Bot Framework adapter sees it (an activity without
 * `type` makes CloudAdapter answer 500; this turns such requests into 400s with details).
 */
export const IncomingActivity = z
  .object({
    type: z.string().min(1).max(64),
    id: z.string().max(512).optional(),
    channelId: z.string().min(1).max(64),
    serviceUrl: z.string().max(2048).optional(),
    from: Account,
    recipient: Account.optional(),
    conversation: Account,
    text: z.string().max(MAX_TEXT).optional(),
    locale: z.string().max(64).optional(),
    deliveryMode: z.enum(['normal', 'expectReplies', 'notification', 'ephemeral']).optional(),
    // Read by ActivityHandler on conversationUpdate: a malformed list would fail the turn, and a
    // failed turn resets the conversation.
    membersAdded: z.array(Account).max(100).optional(),
    membersRemoved: z.array(Account).max(100).optional(),
  })
  .passthrough();

/** Hosts the bot may call back when channel authentication is off: this machine only. */
export function isLoopbackUrl(url: string): boolean {
  try {
    const { hostname } = new URL(url);
    return hostname === 'localhost' || hostname === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(hostname);
  } catch {
    return false;
  }
}

/** A request made on this machine (the Emulator), not relayed by a proxy. */
export function isLocalRequest(remoteAddress: string | undefined, headers: Record<string, unknown>): boolean {
  if (headers['x-forwarded-for'] || headers.forwarded) return false;
  const address = (remoteAddress ?? '').replace(/^::ffff:/, '');
  return address === '::1' || /^127(?:\.\d{1,3}){3}$/.test(address);
}
