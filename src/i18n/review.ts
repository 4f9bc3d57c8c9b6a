import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * locales/<lng>/review.json: per key, who reviewed the text, when, and the fingerprints of the French
 * it was reviewed against and of the text itself. A string stays reviewed only while both are unchanged.
 */
export const ReviewRecord = z.strictObject({
  /** Fingerprint of the French text the reviewer compared with. */
  fr: z.string().regex(/^[0-9a-f]{16}$/),
  /** Fingerprint of the text as reviewed: a later edit of the translation needs a new review. */
  text: z.string().regex(/^[0-9a-f]{16}$/),
  /** The reviewer's name as shown in the admin (never an e-mail address). */
  by: z.string().min(1).max(200),
  at: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});
export type ReviewRecord = z.infer<typeof ReviewRecord>;
export const ReviewFile = z.record(z.string(), ReviewRecord);
export type ReviewFile = z.infer<typeof ReviewFile>;

export const STRING_STATUSES = ['reviewed', 'to-review', 'stale'] as const;
export type StringStatus = (typeof STRING_STATUSES)[number];

/** Short SHA-256 of a text in NFC, so that a re-encoded file keeps its reviews. */
export function fingerprint(text: string): string {
  return createHash('sha256').update(text.normalize('NFC')).digest('hex').slice(0, 16);
}

/**
 * A string's review state: "to review" without a translation or a review, "stale" when the French or
 * the translation changed since the review, else "reviewed".
 */
export function stringStatus(review: ReviewRecord | undefined, french: string, text: string | undefined): StringStatus {
  if (text === undefined || !review) return 'to-review';
  return review.fr === fingerprint(french) && review.text === fingerprint(text) ? 'reviewed' : 'stale';
}

export interface Counts {
  total: number;
  reviewed: number;
  toReview: number;
  stale: number;
}

/** Reviewed / to review / stale over the keys a language must have. */
export function countStatuses(statuses: Iterable<StringStatus>): Counts {
  const counts: Counts = { total: 0, reviewed: 0, toReview: 0, stale: 0 };
  for (const s of statuses) {
    counts.total++;
    if (s === 'reviewed') counts.reviewed++;
    else if (s === 'stale') counts.stale++;
    else counts.toReview++;
  }
  return counts;
}

/** A language is reviewed when every one of its strings is: what meta.json's `reviewed` must say. */
export const isFullyReviewed = (c: Counts): boolean => c.total > 0 && c.reviewed === c.total;
