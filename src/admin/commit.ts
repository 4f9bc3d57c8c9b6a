import type { DirectoryStore } from '../directory/store.js';
import type { DirectoryFile, Entry } from '../directory/schema.js';
import { validateEntry } from '../directory/validate.js';
import type { User } from './accounts.js';
import type { Action, Audit } from './audit.js';
import { diffEntries } from './diff.js';
import { AdminError } from './errors.js';
import { canEdit } from './permissions.js';

/** An entry as an admin submits it: the server owns `version` and `updatedAt`. */
export type Draft = Record<string, unknown>;

export interface CommitRequest {
  user: User;
  action: Action;
  id: string;
  /** The version the writer saw; required for every change to an existing entry. */
  expected?: number;
  /** Builds the new content from the current entry (undefined when creating). */
  build: (current: Entry | undefined) => Draft;
}

export interface CommitResult {
  entry: Entry;
  changed: boolean;
}

export const stripServerFields = ({ version: _v, updatedAt: _u, ...rest }: Entry): Draft => rest;

class Unchanged {
  constructor(readonly entry: Entry) {}
}

/** Existence, rights and version of the entry a request changes, checked against the current data. */
function checkRequest({ user, action, id, expected }: CommitRequest, current: Entry | undefined): void {
  if (action === 'create' && current)
    throw new AdminError(409, 'entry-exists', `entry "${id}" already exists`, { id, currentVersion: current.version });
  if (action !== 'create' && !current) throw new AdminError(404, 'entry-not-found', `entry "${id}" does not exist`);
  if (current && !canEdit(user, current))
    throw new AdminError(
      403,
      'forbidden',
      `${user.role} may not edit entry "${id}" (organisation "${current.organization ?? ''}")`,
    );
  if (current && expected === undefined)
    throw new AdminError(
      428,
      'version-required',
      `name the version of "${id}" you change (If-Match header or "version" in the body)`,
    );
  if (current && current.version !== expected) {
    throw new AdminError(
      409,
      'version-conflict',
      `entry "${id}" is at version ${current.version}, not ${expected}: reload it and apply your change again`,
      { id, currentVersion: current.version },
    );
  }
}

/** The new version of the entry, validated, within the user's rights. */
function nextVersion({ user, id, build }: CommitRequest, current: Entry | undefined): Entry {
  const draft = { ...build(current), id, version: (current?.version ?? 0) + 1, updatedAt: new Date().toISOString() };
  const { entry, problems } = validateEntry(draft);
  if (!entry)
    throw new AdminError(
      400,
      'invalid-entry',
      `entry "${id}" is invalid`,
      problems.map(({ field, message }) => ({ field, message })),
    );
  if (!canEdit(user, entry))
    throw new AdminError(
      403,
      'forbidden',
      `${user.role} may not give entry "${id}" the organisation "${entry.organization ?? ''}"`,
    );
  return entry;
}

/**
 * The one write path of the admin: checks existence, rights and version, validates with the
 * directory schema, appends the audit record, then writes through store.update (so the bot and the
 * index see it at once). The checks run inside the store's write queue, so they are atomic; the
 * audit record is on disk before the directory changes, so no version ever lacks its record.
 */
export function createCommitter(store: DirectoryStore, audit: Audit) {
  let lock: Promise<unknown> = Promise.resolve();

  async function run(request: CommitRequest): Promise<CommitResult> {
    const change = (data: DirectoryFile) => {
      const index = data.entries.findIndex((e) => e.id === request.id);
      const current = index >= 0 ? data.entries[index] : undefined;
      checkRequest(request, current);
      const entry = nextVersion(request, current);
      if (current && !diffEntries(current, entry).length) throw new Unchanged(current);
      if (current) data.entries[index] = entry;
      else data.entries.push(entry);
      return { before: current, entry };
    };
    try {
      const { entry } = await store.update(change, ({ before, entry }) =>
        audit.record(request.user.email, request.action, before, entry),
      );
      return { entry, changed: true };
    } catch (err) {
      if (err instanceof Unchanged) return { entry: err.entry, changed: false };
      throw err;
    }
  }

  /** Runs one admin write at a time, so audit records are in the order of the writes. */
  function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const next = lock.then(fn);
    lock = next.catch(() => undefined);
    return next;
  }

  return { commit: (request: CommitRequest) => exclusive(() => run(request)), exclusive };
}
export type Committer = ReturnType<typeof createCommitter>;
