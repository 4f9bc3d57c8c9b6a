import { existsSync, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Locale } from '../common/locales.js';

/** Formats browsers play, by the extension a recording is dropped with. */
export const RECORDING_TYPES: Record<string, string> = {
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.webm': 'audio/webm',
  '.m4a': 'audio/mp4',
  '.wav': 'audio/wav',
};

export interface Recording {
  path: string;
  type: string;
  /** Changes when the file changes, so the audio URL (and every cache) changes with it. */
  version: string;
}

export type Recordings = Partial<Record<Locale, Map<string, Recording>>>;

/**
 * Recordings by native speakers: `locales/<lng>/audio/<catalogue key>.<ext>` replaces the
 * synthetic voice for that text. Read at start-up, like the texts themselves.
 */
export function loadRecordings(localesDir: string, locales: readonly Locale[]): Recordings {
  const found: Recordings = {};
  for (const lng of locales) {
    const dir = join(localesDir, lng, 'audio');
    if (!existsSync(dir)) continue;
    const files = new Map<string, Recording>();
    for (const file of readdirSync(dir).sort()) {
      const type = RECORDING_TYPES[extname(file).toLowerCase()];
      if (!type) continue;
      const path = join(dir, file);
      const { size, mtimeMs } = statSync(path);
      files.set(file.slice(0, -extname(file).length), { path, type, version: `${size}-${Math.round(mtimeMs)}` });
    }
    found[lng] = files;
  }
  return found;
}
