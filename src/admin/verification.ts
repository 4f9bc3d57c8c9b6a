import { z } from 'zod';
import { freshness, verifiedMs } from '../directory/rules.js';
import { PartialDate, VERIFICATION_METHODS, WebUrl, type Entry, type Verification } from '../directory/schema.js';
import { parisToday } from '../common/time.js';
import type { Draft } from './commit.js';
import { stripServerFields } from './commit.js';
import { AdminError } from './errors.js';

/** At most this many verifications are kept on an entry (the oldest go; the audit log keeps them all). */
const HISTORY = 50;

/**
 * "Record a verification": how (a phone call with the service, the service's own confirmation, a
 * visit, or a dated public source with its URL), by whom, a note, and an explicit confirmation.
 * `date` is the day the person confirmed (default today) or, for a source, the source's own date.
 */
export const VerificationInput = z
  .object({
    method: z.enum(VERIFICATION_METHODS),
    date: PartialDate.optional(),
    by: z.string().trim().min(1).max(200).optional(),
    note: z.string().trim().max(1000).optional(),
    source: z.object({ url: WebUrl, title: z.string().trim().min(1).max(300), date: PartialDate }).optional(),
    /** The confirmation step: nothing is recorded until the person confirms what will be written. */
    confirm: z.boolean().optional(),
  })
  .refine((v) => v.method !== 'source' || !!v.source, {
    message: 'a source needs its URL, title and date',
    path: ['source'],
  })
  .refine((v) => v.method === 'source' || !v.date || v.date.length === 10, {
    message: 'the day the person confirmed, YYYY-MM-DD',
    path: ['date'],
  });
export type VerificationInput = z.infer<typeof VerificationInput>;

/** What a verification will write: the evidence's date, who, and the entry's new verifiedAt and status. */
export function planVerification(current: Entry, input: VerificationInput, userName: string, at: number) {
  const today = parisToday(at);
  const date = input.method === 'source' ? input.source!.date : (input.date ?? today);
  if (date > today)
    throw new AdminError(400, 'invalid-verification', 'a verification cannot be dated in the future', [
      { field: input.method === 'source' ? 'source.date' : 'date', message: 'after today' },
    ]);
  // An older piece of evidence never makes the entry look older than it already is.
  const verifiedAt = verifiedMs(date) > verifiedMs(current.verifiedAt) ? date : current.verifiedAt;
  const level = freshness(verifiedAt, at);
  const status =
    current.status === 'needs-verification' && (level === 'fresh' || level === 'dated') ? 'published' : current.status;
  const by = input.by ?? userName;
  return { date, by, verifiedAt, verifiedBy: by, status, freshness: level };
}

/** The entry after a verification: dated by its evidence, with the verification in its history. */
export function applyVerification(current: Entry, input: VerificationInput, userName: string, at: number): Draft {
  if (current.status === 'archived')
    throw new AdminError(409, 'entry-archived', `entry "${current.id}" is archived: restore it first`);
  const plan = planVerification(current, input, userName, at);
  const verification: Verification = {
    method: input.method,
    date: plan.date,
    by: plan.by,
    ...(input.note ? { note: input.note } : {}),
    ...(input.source ? { source: { url: input.source.url, title: input.source.title } } : {}),
    recordedAt: new Date(at).toISOString(),
  };
  const source: Entry['sources'] =
    input.method === 'source' && !current.sources.some((s) => s.url === input.source!.url)
      ? [{ ...input.source!, attests: input.note || input.source!.title }]
      : [];
  return {
    ...stripServerFields(current),
    sources: [...current.sources, ...source],
    verifications: [...(current.verifications ?? []), verification].slice(-HISTORY),
    verifiedAt: plan.verifiedAt,
    verifiedBy: plan.verifiedBy,
    status: plan.status,
  };
}
