import { randomUUID } from 'node:crypto';
import type { DirectoryStore } from '../directory/store.js';
import type { DirectoryFile, Entry } from '../directory/schema.js';
import { validateEntry, type Problem } from '../directory/validate.js';
import type { User } from './accounts.js';
import type { Audit } from './audit.js';
import type { Draft } from './commit.js';
import { diffEntries, type Change } from './diff.js';
import { AdminError } from './errors.js';
import { dangerousPaths } from './safeKeys.js';

export interface ImportPlan {
  created: { id: string; changes: Change[] }[];
  changed: { id: string; fromVersion: number; changes: Change[] }[];
  archived: { id: string; fromVersion: number }[];
  unchanged: string[];
  /** Rows naming a version older than the current one: someone changed the entry since the export. */
  conflicts: { id: string; version: number; currentVersion: number }[];
  problems: Problem[];
}

interface Planned {
  plan: ImportPlan;
  next: Entry[];
  writes: { before?: Entry; after: Entry }[];
}

/** What an import would do to `current`, field by field; `next` is the resulting entry list. */
export function planImport(
  current: readonly Entry[],
  drafts: Draft[],
  archiveMissing: boolean,
  now = new Date(),
): Planned {
  const plan: ImportPlan = { created: [], changed: [], archived: [], unchanged: [], conflicts: [], problems: [] };
  const byId = new Map(current.map((e) => [e.id, e]));
  const next = new Map(byId);
  const writes: Planned['writes'] = [];
  const seen = new Set<string>();
  drafts.forEach((draft, i) => {
    const id = typeof draft.id === 'string' ? draft.id : '';
    const unsafe = dangerousPaths(draft);
    if (unsafe.length)
      return plan.problems.push(
        ...unsafe.map((field) => ({ entry: id || `entries[${i}]`, field, message: 'not a field name' })),
      );
    if (!id) return plan.problems.push({ entry: `entries[${i}]`, field: 'id', message: 'required' });
    if (seen.has(id)) return plan.problems.push({ entry: id, field: 'id', message: 'appears twice in the import' });
    seen.add(id);
    const before = byId.get(id);
    if (before && typeof draft.version === 'number' && draft.version !== before.version) {
      return plan.conflicts.push({ id, version: draft.version, currentVersion: before.version });
    }
    const { entry, problems } = validateEntry({
      ...draft,
      version: (before?.version ?? 0) + 1,
      updatedAt: now.toISOString(),
    });
    if (!entry) return plan.problems.push(...problems);
    const changes = diffEntries(before, entry);
    if (before && !changes.length) return plan.unchanged.push(id);
    if (before) plan.changed.push({ id, fromVersion: before.version, changes });
    else plan.created.push({ id, changes });
    next.set(id, entry);
    writes.push({ before, after: entry });
  });
  if (archiveMissing) {
    for (const before of current) {
      if (seen.has(before.id) || before.status === 'archived') continue;
      const after = {
        ...before,
        status: 'archived' as const,
        version: before.version + 1,
        updatedAt: now.toISOString(),
      };
      plan.archived.push({ id: before.id, fromVersion: before.version });
      next.set(before.id, after);
      writes.push({ before, after });
    }
  }
  return { plan, next: [...next.values()], writes };
}

/** Dry run: the plan against the current directory; nothing is written. */
export function previewImport(store: DirectoryStore, drafts: Draft[], archiveMissing: boolean): ImportPlan {
  return planImport(store.entries(), drafts, archiveMissing).plan;
}

/** Applies an import in one validated write (all or nothing), each change recorded in the audit log first. */
export async function applyImport(
  store: DirectoryStore,
  audit: Audit,
  user: User,
  drafts: Draft[],
  archiveMissing: boolean,
): Promise<ImportPlan> {
  const change = (data: DirectoryFile) => {
    const result = planImport(data.entries, drafts, archiveMissing);
    const { problems, conflicts } = result.plan;
    if (problems.length)
      throw new AdminError(
        400,
        'invalid-import',
        `the import has ${problems.length} invalid field(s); nothing was written`,
        problems,
      );
    if (conflicts.length)
      throw new AdminError(
        409,
        'version-conflict',
        `${conflicts.length} entr(y/ies) changed since the export; nothing was written`,
        conflicts,
      );
    data.entries = result.next;
    return result;
  };
  // Every record is on disk before the directory changes: no version without its record.
  const batch = randomUUID();
  const record = async ({ writes }: Planned) => {
    for (const { before, after } of writes) await audit.record(user.email, 'import', before, after, batch);
  };
  return (await store.update(change, record)).plan;
}
