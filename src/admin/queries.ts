import { z } from 'zod';
import { STATUSES, type Entry } from '../directory/schema.js';
import { normalize } from '../common/text.js';
import type { User } from './accounts.js';
import { canEdit, canRead } from './permissions.js';
import { freshness, isStale } from '../directory/rules.js';
import type { Proposal, Report } from './feedback.js';

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

export type ReviewReason = 'proposal' | 'reported' | 'stale' | 'needs-verification' | 'draft';
const ORDER: Record<ReviewReason, number> = { proposal: 0, reported: 1, 'needs-verification': 2, stale: 3, draft: 4 };

/** The open reports of an entry: how many, how many per reason, and each (masked) one. */
function reportsOf(reports: Report[]) {
  const reasons: Record<string, number> = {};
  for (const r of reports) reasons[r.reason] = (reasons[r.reason] ?? 0) + 1;
  const items = reports.map(({ id, at, reason, comment, lang }) => ({ id, at, reason, comment, lang }));
  return { count: reports.length, reasons, items };
}

/**
 * Entries to look at: proposals from services and open reports first, then needs-verification,
 * those older than twelve months (the one freshness rule, at the app's clock) and drafts.
 */
export function reviewQueue(
  entries: readonly Entry[],
  user: User,
  at: Date = new Date(),
  open: readonly (Report | Proposal)[] = [],
) {
  return entries
    .filter((e) => e.status !== 'archived' && canRead(user, e))
    .map((e) => {
      const reports = open.filter((r): r is Report => r.type === 'report' && r.entryId === e.id);
      const proposals = open.filter((r): r is Proposal => r.type === 'proposal' && r.entryId === e.id);
      const reasons: ReviewReason[] = [];
      if (proposals.length) reasons.push('proposal');
      if (reports.length) reasons.push('reported');
      if (e.status === 'needs-verification') reasons.push('needs-verification');
      if (isStale(e.verifiedAt, at.getTime())) reasons.push('stale');
      if (e.status === 'draft') reasons.push('draft');
      return {
        ...summarize(e, user),
        freshness: freshness(e.verifiedAt, at.getTime()),
        reasons,
        reports: reportsOf(reports),
        proposals: proposals.map(({ id, at: when, changes, comment }) => ({ id, at: when, changes, comment })),
      };
    })
    .filter((e) => e.reasons.length)
    .sort((a, b) => ORDER[a.reasons[0]] - ORDER[b.reasons[0]] || a.verifiedAt.localeCompare(b.verifiedAt));
}
