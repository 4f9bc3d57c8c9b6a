import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * A small file replaced whole, crash-safe: the new text goes to a temporary file beside it, is
 * fsynced, renamed over the old one, and the folder is fsynced so the rename itself survives a power
 * cut. A reader sees the old file or the new one, never half of one; a crash leaves a `.tmp` file
 * that the next write replaces.
 */
export function snapshotFile(file: string) {
  const tmp = join(dirname(file), `.${basename(file)}.tmp`);
  /** Writes wait for the one before: two renames never race. */
  let last: Promise<void> = Promise.resolve();

  async function replace(text: string): Promise<void> {
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    const handle = await open(tmp, 'w', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
    const folder = await open(dirname(file), 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  }

  return {
    file,
    /** The file's text, or undefined when there is none yet. */
    async read(): Promise<string | undefined> {
      try {
        return await readFile(file, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      }
    },
    write(text: string): Promise<void> {
      const done = last.then(() => replace(text));
      last = done.catch(() => undefined);
      return done;
    },
    /** Keeps an unreadable file aside (`<name>.unreadable`) so that a fresh one can start. */
    async setAside(): Promise<string> {
      const aside = `${file}.unreadable`;
      await rm(aside, { force: true });
      await rename(file, aside);
      return aside;
    },
  };
}
export type SnapshotFile = ReturnType<typeof snapshotFile>;
