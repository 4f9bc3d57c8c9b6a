import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The repository root: dialogs/, locales/, public/ and data/ are read from here, never written. */
export const ROOT = join(import.meta.dirname, '..', '..');
/** What the tests need besides the product: official schemas, research facts, child scripts. */
export const FIXTURES = join(ROOT, 'test', 'fixtures');
/** The checked-in directory: tests read it; every app a test starts runs on a temporary copy. */
export const DIRECTORY = join(ROOT, 'data', 'directory.json');

const temps: string[] = [];

/** A fresh temporary directory, removed by removeTempDirs(). */
export function tempDir(prefix = 'passerelle-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

/** Removes the directories made by tempDir(); call it in afterAll (vitest may kill workers, so no exit hook). */
export function removeTempDirs(): void {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
}
