import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface AudioCache {
  get(name: string): Promise<Buffer | undefined>;
  put(name: string, data: Uint8Array): Promise<void>;
  /** Bytes on disk. */
  size(): number;
}

const NAME = /^[\w-]{16,64}$/;

/**
 * Synthesised audio on disk (STATE_DIR/audio), bounded by size: the least recently used files go
 * first. The index lives in memory and is rebuilt from the folder at start-up (oldest mtime first).
 */
export function openAudioCache(dir: string, maxBytes: number): AudioCache {
  mkdirSync(dir, { recursive: true });
  // A Map keeps insertion order: re-inserting on use makes its first key the least recently used.
  const files = new Map<string, number>();
  let total = 0;
  const existing = readdirSync(dir)
    .filter((f) => f.endsWith('.mp3'))
    .map((f) => ({ name: f.slice(0, -4), ...statSync(join(dir, f)) }))
    .sort((a, b) => a.mtimeMs - b.mtimeMs);
  for (const f of existing) {
    files.set(f.name, f.size);
    total += f.size;
  }
  const path = (name: string) => join(dir, `${name}.mp3`);
  const evict = async () => {
    for (const [name, bytes] of files) {
      if (total <= maxBytes) break;
      files.delete(name);
      total -= bytes;
      await rm(path(name), { force: true });
    }
  };
  return {
    async get(name) {
      const bytes = files.get(name);
      if (bytes === undefined || !NAME.test(name)) return undefined;
      files.delete(name);
      files.set(name, bytes);
      return readFile(path(name)).catch(() => {
        files.delete(name);
        total -= bytes;
        return undefined;
      });
    },
    async put(name, data) {
      if (!NAME.test(name) || files.has(name)) return;
      // Written whole then renamed, so a reader never sees half a file.
      const temp = `${path(name)}.${process.pid}.tmp`;
      await writeFile(temp, data);
      await rename(temp, path(name));
      files.set(name, data.length);
      total += data.length;
      await evict();
    },
    size: () => total,
  };
}
