import type { Entry } from '../directory/schema.js';
import { validateEntry } from '../directory/validate.js';
import type { User } from './accounts.js';
import { stripServerFields } from './commit.js';
import type { ConfirmLink } from './confirmLinks.js';
import { diffEntries } from './diff.js';
import { AdminError } from './errors.js';
import type { Proposal } from './feedback.js';
import { mergePatch } from './mergePatch.js';
import { entryAccess, invalid, ProposalInput, type ReviewDeps } from './review.js';
import { acceptedProposal, confirmedByService, SERVICE_BY } from './serviceReply.js';

/** The person behind a confirmation link, as the committer and the audit log see them: that entry only. */
const serviceUser = (link: ConfirmLink): User => ({
  email: `confirmation-link:${link.id}`,
  role: 'editor',
  name: SERVICE_BY,
  organizations: [],
  entries: [link.entryId],
  createdAt: link.createdAt,
  passwordChangedAt: link.createdAt,
});

/** A service's corrections, checked: the patch of contact fields, what it changes, and its comment. */
function proposalOf(entry: Entry, body: unknown): Pick<Proposal, 'patch' | 'changes' | 'comment'> {
  const parsed = ProposalInput.safeParse(body ?? {});
  if (!parsed.success) throw invalid('invalid-proposal', 'send {changes: {...}, comment?}', parsed.error);
  const patch = parsed.data.changes as Record<string, unknown>;
  const proposed = {
    ...(mergePatch(stripServerFields(entry), patch) as object),
    version: 1,
    updatedAt: entry.updatedAt,
  };
  const { problems } = validateEntry(proposed);
  if (problems.length)
    throw new AdminError(400, 'invalid-proposal', 'the corrected entry would not be valid', problems);
  const changes = diffEntries(entry, proposed);
  if (!changes.length) throw new AdminError(400, 'no-change', 'the proposal changes nothing');
  const { comment } = parsed.data;
  return { patch, changes, ...(comment ? { comment } : {}) };
}

/**
 * Services confirm their own entry without an account: an editor issues (or revokes) a signed link;
 * the service confirms (a verification by the service) or proposes corrections (a diff an editor
 * accepts or rejects). Every step is audited.
 */
export function createServiceLinks({ store, audit, feedback, links, entries, now }: ReviewDeps) {
  const { entryOf, openItem } = entryAccess(store, feedback);
  /** The link a token stands for and its entry (a service's page). */
  const opened = (token: string): { link: ConfirmLink; entry: Entry } => {
    const link = links.check(token);
    return { link, entry: entryOf(link.entryId) };
  };
  return {
    opened,
    async issueLink(user: User, entryId: string) {
      const entry = entryOf(entryId, user);
      const issued = await links.issue(entryId, user.email);
      await audit.record(user.email, 'issue-link', entry, entry, undefined, { link: issued.link.id });
      return issued;
    },
    async revokeLink(user: User, linkId: string) {
      const known = links.get(linkId);
      if (!known) throw new AdminError(404, 'link-not-found', `no confirmation link "${linkId}"`);
      const entry = entryOf(known.entryId, user);
      const link = await links.revoke(linkId, user.email);
      await audit.record(user.email, 'revoke-link', entry, entry, undefined, { link: linkId });
      return link;
    },
    /** "Everything is right": recorded as a verification by the service, dated today. */
    confirm(token: string) {
      const { link, entry } = opened(token);
      const build = (current: Entry | undefined) => confirmedByService(current!, link.id, now());
      const request = { user: serviceUser(link), action: 'confirm-by-service' as const, id: entry.id, build };
      return entries.commit({ ...request, expected: entry.version });
    },
    /** "Propose corrections": a diff in the review queue, applied only by an editor. */
    async propose(token: string, body: unknown): Promise<Proposal> {
      const { link, entry } = opened(token);
      return feedback.propose({
        ...proposalOf(entry, body),
        entryId: entry.id,
        version: entry.version,
        linkId: link.id,
      });
    },
    async acceptProposal(user: User, id: string) {
      const [proposal, entry] = openItem<Proposal>(id, 'proposal', user);
      const build = (current: Entry | undefined) =>
        acceptedProposal(current!, proposal.patch, proposal.linkId, proposal.at);
      const request = { user, action: 'accept-proposal' as const, id: entry.id, build };
      const result = await entries.commit({ ...request, expected: entry.version });
      await feedback.close(id, 'accepted', user.email);
      return result;
    },
    async rejectProposal(user: User, id: string) {
      const [, entry] = openItem<Proposal>(id, 'proposal', user);
      await feedback.close(id, 'rejected', user.email);
      await audit.record(user.email, 'reject-proposal', entry, entry, undefined, { proposal: id });
      return { id, outcome: 'rejected' };
    },
  };
}
export type ServiceLinks = ReturnType<typeof createServiceLinks>;
