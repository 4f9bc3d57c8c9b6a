import type { DirectoryStore } from '../directory/store.js';
import { type STATUSES, type Entry } from '../directory/schema.js';
import { validateEntry } from '../directory/validate.js';
import type { User } from './accounts.js';
import type { Audit } from './audit.js';
import { createCommitter, stripServerFields, type Draft } from './commit.js';
import { AdminError } from './errors.js';
import { canEdit } from './permissions.js';
import { parisToday } from '../shared/time.js';
import { mergePatch } from './mergePatch.js';
import { applyVerification, planVerification, VerificationInput } from './verification.js';
import { fieldProblems } from '../shared/zodIssues.js';

export { mergePatch } from './mergePatch.js';

type Status = (typeof STATUSES)[number];

function withoutServerFields(body: Draft): Draft {
  const { version: _v, updatedAt: _u, ...rest } = body;
  return rest;
}

/** Entry operations of the admin API; every one goes through the committer. */
export function createEntryService(store: DirectoryStore, audit: Audit, now: () => number = Date.now) {
  const { commit, exclusive } = createCommitter(store, audit);
  const setStatus = (
    user: User,
    id: string,
    expected: number | undefined,
    action: 'archive' | 'restore' | 'publish',
    status: Status,
  ) => commit({ user, action, id, expected, build: (current) => ({ ...stripServerFields(current!), status }) });

  return {
    exclusive,
    commit,
    create(user: User, body: Draft) {
      const id = typeof body.id === 'string' ? body.id : '';
      const build = () => ({
        verifiedAt: parisToday(),
        verifiedBy: user.name,
        status: 'draft',
        ...withoutServerFields(body),
      });
      if (!id) {
        // Without an id nothing can be stored, but the writer still learns every other problem at once.
        const { problems } = validateEntry({ ...build(), version: 1, updatedAt: new Date().toISOString() });
        throw new AdminError(
          400,
          'invalid-entry',
          'a new entry needs an id',
          problems.map(({ field, message }) => ({ field, message })),
        );
      }
      return commit({ user, action: 'create', id, build });
    },
    /** PUT: the body is the whole entry. */
    replace(user: User, id: string, expected: number | undefined, body: Draft) {
      if (body.id !== undefined && body.id !== id)
        throw new AdminError(400, 'invalid-entry', `the body's id does not match "${id}"`, [
          { field: 'id', message: 'cannot be changed' },
        ]);
      return commit({ user, action: 'update', id, expected, build: () => withoutServerFields(body) });
    },
    /** PATCH: a JSON merge patch of the fields to change. */
    patch(user: User, id: string, expected: number | undefined, body: Draft) {
      if (body.id !== undefined && body.id !== id)
        throw new AdminError(400, 'invalid-entry', `the id of "${id}" cannot be changed`, [
          { field: 'id', message: 'cannot be changed' },
        ]);
      return commit({
        user,
        action: 'update',
        id,
        expected,
        build: (current) => mergePatch(stripServerFields(current!), withoutServerFields(body)) as Draft,
      });
    },
    archive: (user: User, id: string, expected: number | undefined) =>
      setStatus(user, id, expected, 'archive', 'archived'),
    publish: (user: User, id: string, expected: number | undefined) =>
      setStatus(user, id, expected, 'publish', 'published'),
    /** Back to the status the entry had before it was archived (draft when unknown). */
    async restore(user: User, id: string, expected: number | undefined) {
      const last = (await audit.history(id)).find((r) => r.action === 'archive');
      const previous = last?.before?.status;
      return setStatus(user, id, expected, 'restore', previous && previous !== 'archived' ? previous : 'draft');
    },
    /**
     * "Record a verification" with its evidence (verification.ts). Without `confirm: true` nothing
     * is written: the answer is what would be (the confirmation step).
     */
    async verify(user: User, id: string, expected: number | undefined, body: unknown) {
      const current = store.get(id);
      if (!current) throw new AdminError(404, 'entry-not-found', `entry "${id}" does not exist`);
      if (!canEdit(user, current)) throw new AdminError(403, 'forbidden', `${user.role} may not edit entry "${id}"`);
      const parsed = VerificationInput.safeParse(body ?? {});
      if (!parsed.success)
        throw new AdminError(400, 'invalid-verification', 'say how, by whom and when', fieldProblems(parsed.error));
      const input = parsed.data;
      if (!input.confirm) return { preview: planVerification(current, input, user.name, now()), entry: current };
      const build = (current: Entry | undefined) => applyVerification(current!, input, user.name, now());
      return commit({ user, action: 'verify', id, expected, build });
    },
    async restoreVersion(user: User, id: string, expected: number | undefined, version: number) {
      const snapshot = await audit.snapshot(id, version);
      if (!snapshot)
        throw new AdminError(404, 'version-not-found', `version ${version} of entry "${id}" is not in the history`);
      return commit({ user, action: 'restore-version', id, expected, build: () => stripServerFields(snapshot) });
    },
  };
}
export type EntryService = ReturnType<typeof createEntryService>;
export type { Entry };
