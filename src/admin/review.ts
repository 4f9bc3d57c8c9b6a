import { z } from 'zod';
import { isPublic } from '../directory/rules.js';
import { Address, Phone, LocalizedText, type Entry } from '../directory/schema.js';
import type { DirectoryStore } from '../directory/store.js';
import { fieldProblems } from '../common/zodIssues.js';
import type { User } from './accounts.js';
import type { Audit } from './audit.js';
import type { ConfirmLinks } from './confirmLinks.js';
import type { EntryService } from './entries.js';
import { AdminError } from './errors.js';
import { REPORT_REASONS, type Feedback, type Proposal, type Report } from './feedback.js';
import { maskPersonalData } from './mask.js';
import { canEdit } from './permissions.js';

export const ReportInput = z.strictObject({
  reason: z.enum(REPORT_REASONS),
  comment: z.string().trim().max(500).optional(),
  lang: z
    .string()
    .regex(/^[a-z]{2,3}$/)
    .optional(),
});

/** What a service may correct through its link: the contact facts, nothing else. */
export const ProposalInput = z.strictObject({
  changes: z.strictObject({
    phones: z.array(Phone).max(10).optional(),
    email: z.email().nullable().optional(),
    website: z.url().nullable().optional(),
    address: Address.nullable().optional(),
    hours: z
      .object({ osm: z.string().min(1).optional(), note: LocalizedText.optional() })
      .nullable()
      .optional(),
    appointmentOnly: z.boolean().nullable().optional(),
  }),
  comment: z.string().trim().max(1000).optional(),
});

export const invalid = (code: string, message: string, error: z.ZodError) =>
  new AdminError(400, code, message, fieldProblems(error));

export interface ReviewDeps {
  store: DirectoryStore;
  audit: Audit;
  feedback: Feedback;
  links: ConfirmLinks;
  entries: EntryService;
  now: () => number;
}

/** Finding an entry (with the right to edit it) and an open report or proposal (with its entry). */
export function entryAccess(store: DirectoryStore, feedback: Feedback) {
  const entryOf = (id: string, user?: User): Entry => {
    const entry = store.get(id);
    if (!entry) throw new AdminError(404, 'entry-not-found', `entry "${id}" does not exist`);
    if (user && !canEdit(user, entry)) throw new AdminError(403, 'forbidden', `${user.role} may not edit "${id}"`);
    return entry;
  };
  const openItem = <T extends Report | Proposal>(id: string, type: T['type'], user: User): [T, Entry] => {
    const item = feedback.find(id);
    if (!item || item.type !== type) throw new AdminError(404, `${type}-not-found`, `no ${type} "${id}"`);
    if (!feedback.isOpen(id)) throw new AdminError(409, `${type}-closed`, `${type} "${id}" is already closed`);
    return [item as T, entryOf(item.entryId, user)];
  };
  return { entryOf, openItem };
}

/**
 * Keeping the directory true, public side: a report never changes the data, it puts the entry in
 * the review queue; an editor closes it (fixed / not confirmed), audited.
 */
export function createReviewService({ store, audit, feedback }: Pick<ReviewDeps, 'store' | 'audit' | 'feedback'>) {
  const { openItem } = entryAccess(store, feedback);
  return {
    /**
     * A public report: checked, admitted by `admit` (the rate limit), masked, stored, and nothing
     * else (the entry goes to the review queue).
     */
    async report(entryId: string, body: unknown, admit: () => Promise<void> = async () => undefined): Promise<Report> {
      const entry = store.get(entryId);
      if (!entry || !isPublic(entry)) throw new AdminError(404, 'not-found', `no published entry "${entryId}"`);
      const parsed = ReportInput.safeParse(body ?? {});
      if (!parsed.success) throw invalid('invalid-report', 'send {reason, comment?, lang?}', parsed.error);
      await admit(); // the rate limit counts what would be stored
      const { reason, comment, lang } = parsed.data;
      const masked = comment ? maskPersonalData(comment) : undefined;
      return feedback.report({ entryId, reason, ...(masked ? { comment: masked } : {}), ...(lang ? { lang } : {}) });
    },
    async closeReport(user: User, id: string, outcome: 'fixed' | 'not-confirmed') {
      const [report, entry] = openItem<Report>(id, 'report', user);
      await feedback.close(id, outcome, user.email);
      await audit.record(user.email, 'close-report', entry, entry, undefined, {
        report: id,
        reason: report.reason,
        outcome,
      });
      return { id, outcome };
    },
  };
}
export type ReviewService = ReturnType<typeof createReviewService>;
