import type { Activity } from 'botbuilder';
import { z } from 'zod';
import { MAX_EXTRA_BYTES, MAX_TEXT } from '../common/limits.js';

export const BOT = { id: 'passerelle', name: 'Passerelle', role: 'bot' } as const;

const Small = z.unknown().refine((v) => v === undefined || JSON.stringify(v).length <= MAX_EXTRA_BYTES, {
  message: `larger than ${MAX_EXTRA_BYTES} bytes`,
});

/** What a Direct Line client may post: messages and events, text or button values, no uploads. */
export const PostedActivity = z.object({
  type: z.enum(['message', 'event', 'typing']),
  text: z.string().max(MAX_TEXT).optional(),
  textFormat: z.enum(['plain', 'markdown', 'xml']).optional(),
  name: z.string().max(128).optional(),
  value: Small.optional(),
  channelData: Small.optional(),
  locale: z
    .string()
    .max(64)
    .regex(/^[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*$/)
    .optional(),
  from: z.object({ id: z.string().min(1).max(256), name: z.string().max(256).optional() }).optional(),
  attachments: z.array(z.unknown()).max(0, { message: 'attachments are not supported' }).optional(),
});
export type Posted = z.infer<typeof PostedActivity>;

/** The user's activity as stored and echoed to the client (Web Chat matches it by channelData). */
export function userActivity(posted: Posted, userId: string, locale: string | undefined): Partial<Activity> {
  const { type, text, textFormat, name, value, channelData } = posted;
  const defined = Object.entries({
    text,
    textFormat,
    name,
    value,
    channelData,
    locale: posted.locale ?? locale,
  }).filter(([, v]) => v !== undefined);
  return {
    type,
    ...Object.fromEntries(defined),
    from: { id: posted.from?.id ?? userId, name: posted.from?.name, role: 'user' },
  } as Partial<Activity>;
}

/** The activity one bot turn receives, as a Direct Line channel would deliver it. */
export function turnActivity(
  activity: Partial<Activity>,
  conversationId: string,
  serviceUrl: string,
): Partial<Activity> {
  return {
    ...activity,
    channelId: 'directline',
    serviceUrl,
    conversation: { id: conversationId } as Activity['conversation'],
    recipient: { ...BOT },
  };
}

/** Bot replies worth showing: no traces, attributed to the bot, linked to the user's activity. */
export function replies(
  activities: Partial<Activity>[],
  user: Activity['from'],
  replyToId: string | undefined,
): Partial<Activity>[] {
  return activities
    .filter((a) => a.type === 'message' || a.type === 'event' || a.type === 'typing' || a.type === 'endOfConversation')
    .map((a) => ({ ...a, from: { ...BOT }, recipient: user, ...(replyToId ? { replyToId } : {}) }));
}
