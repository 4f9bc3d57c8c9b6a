import { z } from 'zod';
import { Address, LocalizedText, PartialDate } from './fields.js';

/** A full calendar day YYYY-MM-DD (notices start and end on real days). */
export const Day = PartialDate.refine((d) => d.length === 10, { message: 'expected a full date YYYY-MM-DD' });

/** A place where the service is held (permanences in several towns): only what a source gives. */
export const Site = z.object({
  name: z.string().min(1).optional(),
  address: Address.extend({ inseeCode: Address.shape.inseeCode.unwrap() }),
  /** OpenStreetMap opening_hours of this place. */
  hours: z.string().min(1).optional(),
  /** Days and times in words when the source gives no exact hours ("Wednesday afternoon"). */
  days: LocalizedText.optional(),
  appointmentOnly: z.boolean().optional(),
});
export type Site = z.infer<typeof Site>;

export const NOTICE_KINDS = ['closure', 'move', 'holidays', 'information'] as const;

/** A dated notice (temporary closure, move, holiday hours): shown only from `start` to `end`, Paris days. */
export const Notice = z
  .object({ kind: z.enum(NOTICE_KINDS), start: Day, end: Day, text: LocalizedText })
  .refine((n) => n.start <= n.end, { message: 'end is before start', path: ['end'] });
export type Notice = z.infer<typeof Notice>;

export const VERIFICATION_METHODS = ['phone', 'service', 'visit', 'source'] as const;

/** One verification with its evidence: how, by whom, when the fact was confirmed (never "today" for an old page). */
export const Verification = z.object({
  method: z.enum(VERIFICATION_METHODS),
  /** The day a person confirmed, or the date of the source (its own precision). */
  date: PartialDate,
  by: z.string().min(1).max(200),
  note: z.string().max(1000).optional(),
  source: z.object({ url: z.url(), title: z.string().min(1).max(300) }).optional(),
  /** When it was recorded. */
  recordedAt: z.iso.datetime({ offset: true }),
});
export type Verification = z.infer<typeof Verification>;
