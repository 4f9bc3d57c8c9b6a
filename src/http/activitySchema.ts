import type { Activity } from 'botbuilder';
import { z } from 'zod';
import { MAX_TEXT } from '../common/limits.js';

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

/**
 * Where the bot may call back when channel authentication is off: the Emulator on this machine,
 * whose serviceUrl is a bare origin (http://localhost:PORT). Any path, credentials or query is
 * refused, so the callback (serviceUrl + /v3/conversations/…) cannot be aimed at another local service's routes.
 */
export function isEmulatorServiceUrl(url: string): boolean {
  return /^https?:\/\/(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d{1,5})?\/?$/i.test(url);
}

/**
 * The validated activity as botbuilder's type: the schema checked every field CloudAdapter reads
 * (type, ids, channel, conversation, service URL); Activity's other fields are optional at run time.
 */
export function asActivity(parsed: z.infer<typeof IncomingActivity>): Activity {
  return Object.assign({} as Activity, parsed);
}
