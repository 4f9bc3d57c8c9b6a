import { spawn } from 'node:child_process';
import { readdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createFileStorage, type BackgroundTask, type FileStorageOptions } from '../src/state/fileStorage.js';
import { journalRecords } from './harness/journal.js';
import { removeTempDirs, ROOT, tempDir } from './harness/paths.js';

afterAll(removeTempDirs);

// Background work runs on timers the tests fire themselves (fake setInterval), so nothing waits on
// the clock; setImmediate stays real, to let a started sweep settle.
const settle = () => new Promise((resolve) => setImmediate(resolve));
const unhandled: unknown[] = [];
const noteUnhandled = (reason: unknown) => void unhandled.push(reason);
beforeEach(() => {
  unhandled.length = 0;
  process.on('unhandledRejection', noteUnhandled);
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
});
afterEach(() => {
  process.off('unhandledRejection', noteUnhandled);
  vi.useRealTimers();
});

/** What onError heard, as task and error code. */
function errorLog() {
  const heard: { task: BackgroundTask; code?: string }[] = [];
  const onError: FileStorageOptions['onError'] = (error, { task }) =>
    void heard.push({ task, code: (error as NodeJS.ErrnoException).code });
  return { heard, onError };
}

const segments = (dir: string) => readdirSync(dir).filter((f) => /^journal-\d+\.log$/.test(f));
const TTL = 3_600_000;
/** The sweep timer's period for TTL: a quarter of it, at most 10 minutes. */
const SWEEP_EVERY = 10 * 60_000;

describe('FileStorage: background work fails into onError, never out of the process', () => {
  test('the sweep timer compacting into a full disk: onError hears ENOSPC (task "sweep"), every item stays readable, writing and sweeping go on', async () => {
    const dir = tempDir();
    const log = errorLog();
    // Tiny segments, and no item kept in memory: every read goes to the records on disk.
    const storage = createFileStorage(dir, TTL, { segmentBytes: 1, cachedItems: 0, onError: log.onError });
    const trap = join(dir, 'journal-00000002.log');
    try {
      await storage.write({ k: { step: 'old' } });
      symlinkSync('/dev/full', trap); // the segment compaction copies into next: ENOSPC on write
      vi.advanceTimersByTime(SWEEP_EVERY);
      await settle();
      expect(unhandled).toEqual([]);
      expect(log.heard).toEqual([{ task: 'sweep', code: 'ENOSPC' }]);
      const { k } = await storage.read(['k']);
      expect(k).toMatchObject({ step: 'old' });
      await storage.write({ k: { ...k, step: 'new' } });
      expect((await storage.read(['k'])).k).toMatchObject({ step: 'new' });
      // The trap is behind the current segment now: the next sweep compacts (and deletes it).
      expect(await storage.sweep()).toBe(0);
      expect([...journalRecords(dir).values()]).toEqual([1]);
    } finally {
      storage.close();
    }
    rmSync(trap, { force: true });
    const restarted = createFileStorage(dir, TTL);
    expect((await restarted.read(['k'])).k).toMatchObject({ step: 'new' });
    restarted.close();
  });

  test('dead records piling up start a compaction; into a full disk, onError hears it once (task "compaction"), and a sweep that succeeds re-arms it', async () => {
    const dir = tempDir();
    const log = errorLog();
    const storage = createFileStorage(dir, TTL, { slackBytes: 1, cachedItems: 0, onError: log.onError });
    const step = async (n: number) => {
      const { k } = await storage.read(['k']);
      await storage.write({ k: { ...k, n } });
      await settle();
      expect((await storage.read(['k'])).k).toMatchObject({ n });
    };
    try {
      await step(1);
      await step(2); // one dead record, as big as the live one: not yet more
      symlinkSync('/dev/full', join(dir, 'journal-00000002.log'));
      await step(3); // two dead records: a compaction starts, into /dev/full
      expect(log.heard).toEqual([{ task: 'compaction', code: 'ENOSPC' }]);
      // Not retried by every following write (the disk is likely still full): by the sweep timer.
      await step(4);
      expect(log.heard).toHaveLength(1);
      vi.advanceTimersByTime(SWEEP_EVERY);
      await settle();
      expect(log.heard).toHaveLength(1); // the trap is behind: that sweep succeeded
      expect([...journalRecords(dir).values()]).toEqual([1]);
      await step(5);
      await step(6); // dead records pile up again: compacted without waiting for the timer
      expect([...journalRecords(dir).values()]).toEqual([1]);
      expect(unhandled).toEqual([]);
    } finally {
      storage.close();
    }
  });

  test('a compaction started by a write keeps that write, and every other one: they read back at once and after a restart', async () => {
    const dir = tempDir();
    const storage = createFileStorage(dir, TTL, { slackBytes: 1, cachedItems: 0 });
    try {
      for (let n = 0; n < 60; n++) {
        await storage.write({ [`k${n % 3}`]: { n } });
        await settle();
      }
      expect(segments(dir).length).toBeLessThan(5); // compacted as it went
      const items = await storage.read(['k0', 'k1', 'k2']);
      expect([items.k0, items.k1, items.k2].map((x) => (x as { n: number }).n)).toEqual([57, 58, 59]);
    } finally {
      storage.close();
    }
    const restarted = createFileStorage(dir, TTL);
    const items = await restarted.read(['k0', 'k1', 'k2']);
    expect([items.k0, items.k1, items.k2].map((x) => (x as { n: number }).n)).toEqual([57, 58, 59]);
    restarted.close();
  });

  test('close() during a long compaction ends it quietly, and every item reads back after a restart', async () => {
    const dir = tempDir();
    const log = errorLog();
    const storage = createFileStorage(dir, TTL, { onError: log.onError });
    const keys = Array.from({ length: 2_500 }, (_, i) => `k${i}`);
    for (const key of keys) await storage.write({ [key]: { key } });
    const sweeping = storage.sweep();
    await Promise.resolve(); // the sweep has copied its first 1,000 records and yields
    storage.close();
    expect(await sweeping).toBe(0);
    expect([log.heard, unhandled]).toEqual([[], []]);
    expect(new Set(journalRecords(dir).values())).toEqual(new Set([1, 2])); // stopped midway: some copied
    const restarted = createFileStorage(dir, TTL, { cachedItems: 0 });
    expect(Object.keys(await restarted.read(keys))).toEqual(keys);
    restarted.close();
  });

  test('a failing fdatasync reaches onError (task "flush")', async () => {
    const dir = tempDir();
    let heard!: (report: { error: NodeJS.ErrnoException; task: BackgroundTask }) => void;
    const reported = new Promise<{ error: NodeJS.ErrnoException; task: BackgroundTask }>(
      (resolve) => (heard = resolve),
    );
    const storage = createFileStorage(dir, TTL, {
      segmentBytes: 1,
      onError: (error, { task }) => heard({ error, task }),
    });
    try {
      await storage.write({ k: { n: 1 } });
      // The next segment is /dev/null: the write succeeds, its fdatasync fails (EINVAL).
      symlinkSync('/dev/null', join(dir, 'journal-00000002.log'));
      await storage.write({ k: { n: 2 } });
      vi.advanceTimersByTime(1_000);
      const { error, task } = await reported;
      expect(task).toBe('flush');
      expect(error.code).toBe('EINVAL');
    } finally {
      storage.close();
    }
  });

  test.each([
    {
      name: 'an onError that throws',
      onError: () => {
        throw new Error('the log is down');
      },
    },
    { name: 'no onError', onError: undefined },
  ])('$name: a background failure still ends nothing', async ({ onError }) => {
    const dir = tempDir();
    const storage = createFileStorage(dir, TTL, { segmentBytes: 1, ...(onError ? { onError } : {}) });
    try {
      await storage.write({ k: { step: 'old' } });
      symlinkSync('/dev/full', join(dir, 'journal-00000002.log'));
      vi.advanceTimersByTime(SWEEP_EVERY);
      await settle();
      expect(unhandled).toEqual([]);
      expect((await storage.read(['k'])).k).toMatchObject({ step: 'old' });
    } finally {
      storage.close();
    }
  });

  test('in a plain node process, where an unhandled rejection is fatal, the sweep timer failing on a full disk ends nothing', async () => {
    const dir = tempDir();
    // The child fires the storage's timers itself (the flush, then the sweep), as the clock would.
    const script = `
      const timers = [];
      globalThis.setInterval = (tick) => (timers.push(tick), { unref() {} });
      globalThis.clearInterval = () => undefined;
      const { symlinkSync } = await import('node:fs');
      const { createFileStorage } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'src/state/fileStorage.ts')).href)});
      const dir = ${JSON.stringify(dir)};
      const storage = createFileStorage(dir, ${TTL}, { segmentBytes: 1, cachedItems: 0, onError: (e, { task }) => console.log('onError', task, e.code) });
      await storage.write({ k: { step: 'old' } });
      symlinkSync('/dev/full', dir + '/journal-00000002.log');
      for (const tick of timers) tick();
      for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
      console.log('read', (await storage.read(['k'])).k.step);
      storage.close();
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out.trim().split('\n')).toEqual(['onError sweep ENOSPC', 'read old']);
  }, 30_000);
});
