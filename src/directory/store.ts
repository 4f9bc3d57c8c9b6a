import { existsSync } from 'node:fs';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { DIRECTORY_SCHEMA_VERSION, type DirectoryFile, type Entry } from './schema.js';
import { DirectoryError, validateDirectory } from './validate.js';

export interface DirectoryStore {
  readonly file: string;
  entries(): readonly Entry[];
  get(id: string): Entry | undefined;
  /**
   * Applies `change` to a copy of the data, validates the result and writes it atomically; one
   * write at a time. On any failure the file and the in-memory data stay as they were.
   * `beforeWrite` runs once the change is valid, before the file is written: a failure there
   * (the audit log cannot be appended) means nothing is written.
   */
  update<T>(change: (data: DirectoryFile) => T, beforeWrite?: (result: T) => Promise<unknown>): Promise<T>;
  /** Called after every successful write, with the new entries. */
  onChange(listener: (entries: readonly Entry[]) => void): () => void;
}

/**
 * Opens data/directory.json with lowdb (explicit Low + JSONFile: JSONFilePreset would silently use
 * memory under NODE_ENV=test). A missing, unreadable or invalid file throws and is never written.
 */
export async function openDirectory(file: string): Promise<DirectoryStore> {
  if (!existsSync(file))
    throw new DirectoryError(file, [{ entry: '(file)', field: '(root)', message: 'does not exist' }]);
  const db = new Low<DirectoryFile>(new JSONFile(file), { schemaVersion: DIRECTORY_SCHEMA_VERSION, entries: [] });
  try {
    await db.read();
  } catch (err) {
    throw new DirectoryError(file, [
      { entry: '(file)', field: '(root)', message: `cannot be read: ${(err as Error).message}` },
    ]);
  }
  const { data, problems } = validateDirectory(db.data);
  if (!data) throw new DirectoryError(file, problems);
  db.data = data;

  let byId = new Map(data.entries.map((e) => [e.id, e]));
  const listeners = new Set<(entries: readonly Entry[]) => void>();
  let queue: Promise<unknown> = Promise.resolve();

  const apply = async <T>(change: (data: DirectoryFile) => T, beforeWrite?: (result: T) => Promise<unknown>) => {
    const draft = structuredClone(db.data);
    const result = change(draft);
    const checked = validateDirectory(draft);
    if (!checked.data) throw new DirectoryError(file, checked.problems);
    await beforeWrite?.(result);
    const previous = db.data;
    db.data = checked.data;
    try {
      await db.write();
    } catch (err) {
      db.data = previous;
      throw err;
    }
    byId = new Map(db.data.entries.map((e) => [e.id, e]));
    for (const listener of listeners) listener(db.data.entries);
    return result;
  };

  return {
    file,
    entries: () => db.data.entries,
    get: (id) => byId.get(id),
    update(change, beforeWrite) {
      const run = queue.then(() => apply(change, beforeWrite));
      queue = run.catch(() => undefined);
      return run;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
