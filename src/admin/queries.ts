import { z } from 'zod';
import { STATUSES, type Entry } from '../directory/schema.js';
import { normalize } from '../shared/text.js';
import type { User } from './accounts.js';
import { canEdit, canRead } from './permissions.js';
import { isStale } from '../directory/rules.js';

export const ListQuery = z.object({
  q: z.string().max(200).optional(),
  status: z.enum(STATUSES).optional(),
  theme: z.string().max(100).optional(),
  /** "true": only the entries this user may edit. */
  mine: z.enum(['true', 'false']).optional(),
});
export type ListQuery = z.infer<typeof ListQuery>;

/** What the list shows of an entry. */
export function summarize(entry: Entry, user: User) {
  const { id, name, organization, status, themes, verifiedAt, version, updatedAt } = entry;
  return {
    id,
    name,
    organization,
    status,
    themes,
    verifiedAt,
    version,
    updatedAt,
    town: entry.address?.town,
    editable: canEdit(user, entry),
  };
}

export function listEntries(entries: readonly Entry[], query: ListQuery, user: User) {
  const words = query.q ? normalize(query.q).split(' ').filter(Boolean) : [];
  return entries
    .filter((e) => canRead(user, e))
    .filter((e) => !query.status || e.status === query.status)
    .filter((e) => !query.theme || e.themes.some((t) => t === query.theme || t.startsWith(`${query.theme}.`)))
    .filter((e) => query.mine !== 'true' || canEdit(user, e))
    .filter((e) => {
      if (!words.length) return true;
      const text = normalize(
        [e.id, e.name, e.organization, e.address?.town, ...e.phones.map((p) => p.number)].filter(Boolean).join(' '),
      );
      return words.every((w) => text.includes(w));
    })
    .map((e) => summarize(e, user))
    .sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

export type ReviewReason = 'stale' | 'needs-verification' | 'draft';

/** Entries to look at: drafts, needs-verification, and those verified more than twelve months ago. */
export function reviewQueue(entries: readonly Entry[], user: User, at: Date = new Date()) {
  const order: Record<ReviewReason, number> = { 'needs-verification': 0, stale: 1, draft: 2 };
  return entries
    .filter((e) => e.status !== 'archived' && canRead(user, e))
    .map((e) => {
      const reasons: ReviewReason[] = [];
      if (e.status === 'needs-verification') reasons.push('needs-verification');
      if (isStale(e.verifiedAt, at.getTime())) reasons.push('stale');
      if (e.status === 'draft') reasons.push('draft');
      return { ...summarize(e, user), reasons };
    })
    .filter((e) => e.reasons.length)
    .sort((a, b) => order[a.reasons[0]] - order[b.reasons[0]] || a.verifiedAt.localeCompare(b.verifiedAt));
}
