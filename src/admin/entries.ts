import type { DirectoryStore } from '../directory/store.js';
import { type STATUSES, type Entry } from '../directory/schema.js';
import { validateEntry } from '../directory/validate.js';
import type { User } from './accounts.js';
import type { Audit } from './audit.js';
import { createCommitter, stripServerFields, type CommitRequest, type Draft } from './commit.js';
import { AdminError } from './errors.js';
import { ACTION_FIELDS, canEdit } from './permissions.js';
import { dangerousPaths } from './safeKeys.js';
import { parisToday } from '../common/time.js';
import { mergePatch } from './mergePatch.js';
import { applyVerification, planVerification, VerificationInput } from './verification.js';
import { fieldProblems } from '../common/zodIssues.js';

export { mergePatch } from './mergePatch.js';

type Status = (typeof STATUSES)[number];

/** The body without the fields the server owns; a key that reaches a prototype is refused. */
function withoutServerFields(body: Draft): Draft {
  const unsafe = dangerousPaths(body);
  if (unsafe.length)
    throw new AdminError(
      400,
      'invalid-entry',
      'the entry uses a reserved key',
      unsafe.map((field) => ({ field, message: 'not a field name' })),
    );
  const { version: _v, updatedAt: _u, ...rest } = body;
  return rest;
}

/**
 * An editor's draft may not change verification or status: those move only through the verify,
 * publish, archive and restore actions (a write is 403 otherwise). `expected` is the current entry,
 * or what a new entry gets.
 */
function checkActionFields(user: User, draft: Draft, expected: Partial<Record<string, unknown>>): Draft {
  if (user.role === 'admin') return draft;
  const changed = ACTION_FIELDS.filter((f) => draft[f] !== undefined && draft[f] !== expected[f]);
  if (changed.length)
    throw new AdminError(
      403,
      'forbidden-field',
      `an editor may not set ${changed.join(', ')}: use the verify, publish, archive or restore actions`,
      changed.map((field) => ({ field, message: 'set by an action, not by an editor' })),
    );
  return draft;
}

function sameId(id: string, body: Draft): void {
  if (body.id !== undefined && body.id !== id)
    throw new AdminError(400, 'invalid-entry', `the body's id does not match "${id}"`, [
      { field: 'id', message: 'cannot be changed' },
    ]);
}

/** POST: a new entry, verified today by its author and a draft unless an admin says otherwise. */
function createRequest(user: User, body: Draft): CommitRequest {
  const id = typeof body.id === 'string' ? body.id : '';
  const defaults = { verifiedAt: parisToday(), verifiedBy: user.name, status: 'draft' };
  const build = () => checkActionFields(user, { ...defaults, ...withoutServerFields(body) }, defaults);
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
  return { user, action: 'create', id, build };
}

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
    create: (user: User, body: Draft) => commit(createRequest(user, body)),
    /** PUT: the body is the whole entry. */
    replace(user: User, id: string, expected: number | undefined, body: Draft) {
      sameId(id, body);
      const build = (current: Entry | undefined) => checkActionFields(user, withoutServerFields(body), current!);
      return commit({ user, action: 'update', id, expected, build });
    },
    /** PATCH: a JSON merge patch of the fields to change. */
    patch(user: User, id: string, expected: number | undefined, body: Draft) {
      sameId(id, body);
      const build = (current: Entry | undefined) =>
        checkActionFields(user, mergePatch(stripServerFields(current!), withoutServerFields(body)) as Draft, current!);
      return commit({ user, action: 'update', id, expected, build });
    },
    archive: (user: User, id: string, expected: number | undefined) =>
      setStatus(user, id, expected, 'archive', 'archived'),
    publish: (user: User, id: string, expected: number | undefined) =>
      setStatus(user, id, expected, 'publish', 'published'),
    /** Back to the status the entry had before it was archived (draft when unknown). */
    async restore(user: User, id: string, expected: number | undefined) {
      const last = (await audit.history(id, store.get(id)?.version)).find((r) => r.action === 'archive');
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
      const snapshot = await audit.snapshot(id, version, store.get(id)?.version);
      if (!snapshot)
        throw new AdminError(404, 'version-not-found', `version ${version} of entry "${id}" is not in the history`);
      // An editor restores the content; verification and status stay as they are.
      const kept = (current: Entry) =>
        user.role === 'admin' ? {} : Object.fromEntries(ACTION_FIELDS.map((f) => [f, current[f]]));
      const build = (current: Entry | undefined) => ({ ...stripServerFields(snapshot), ...kept(current!) });
      return commit({ user, action: 'restore-version', id, expected, build });
    },
  };
}
export type EntryService = ReturnType<typeof createEntryService>;
export type { Entry };
