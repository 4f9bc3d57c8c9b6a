import { appendFileSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { createFileStorage, keyHash } from '../src/state/fileStorage.js';
import { processStart } from '../src/state/journal/lock.js';
import { journalRecords } from './harness/journal.js';
import { removeTempDirs, ROOT, tempDir } from './harness/paths.js';

// The journal on its own; conversation state through the server is in state-server.test.ts.

afterAll(removeTempDirs);

describe('FileStorage: the journal', () => {
  const segments = (dir: string) => readdirSync(dir).filter((f) => /^journal-\d+\.log$/.test(f));

  test('read() forgets an expired item and erases its records on disk; sweep() drops the others and old segments', async () => {
    let now = 1_000_000;
    const dir = tempDir();
    const storage = createFileStorage(dir, 60_000, { now: () => now });
    try {
      await storage.write({ a: { n: 1 }, b: { n: 2 } });
      await storage.write({ a: { n: 3 } });
      expect(journalRecords(dir).get(keyHash('a'))).toBe(2);
      now += 59_000;
      expect((await storage.read(['a'])).a).toMatchObject({ n: 3 });
      now += 2_000;
      expect(await storage.read(['a'])).toEqual({});
      // Erased in place: no record of "a" is left on disk, "b" is untouched.
      expect(journalRecords(dir).has(keyHash('a'))).toBe(false);
      expect(journalRecords(dir).get(keyHash('b'))).toBe(1);
      expect(storage.size()).toBe(1);
      expect(await storage.sweep()).toBe(1);
      expect(storage.size()).toBe(0);
      expect(journalRecords(dir).size).toBe(0);
      expect(segments(dir)).toHaveLength(1); // only the new, empty current segment
    } finally {
      storage.close();
    }
  });

  test('memory holds locations only: a restarted storage reads every conversation back, with its eTag', async () => {
    const dir = tempDir();
    const storage = createFileStorage(dir, 60_000);
    for (let i = 0; i < 6; i++) await storage.write({ [`k${i}`]: { i, text: 'é ع ж 🙂' } });
    const before = await storage.read(['k0']);
    storage.close();
    const restarted = createFileStorage(dir, 60_000);
    try {
      const items = await restarted.read(['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'missing']);
      expect(Object.values(items).map((x) => (x as { i: number }).i)).toEqual([0, 1, 2, 3, 4, 5]);
      expect(items.k3).toMatchObject({ text: 'é ع ж 🙂' });
      expect(items.k0.eTag).toBe(before.k0.eTag);
      // The eTag guarantee holds across the restart.
      await restarted.write({ k0: { ...items.k0, i: 10 } });
      await expect(restarted.write({ k0: { ...items.k0, i: 11 } })).rejects.toThrow(/eTag conflict/);
      expect((await restarted.read(['k0'])).k0).toMatchObject({ i: 10 });
    } finally {
      restarted.close();
    }
  });

  test("compaction keeps each conversation's latest record and deletes the old segments", async () => {
    const dir = tempDir();
    const storage = createFileStorage(dir, 60_000);
    try {
      for (let n = 0; n < 300; n++) await storage.write({ [`k${n % 3}`]: { n } });
      const size = () => segments(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
      const grown = size();
      expect(await storage.sweep()).toBe(0);
      expect(size()).toBeLessThan(grown / 50);
      expect([...journalRecords(dir).values()]).toEqual([1, 1, 1]);
      const items = await storage.read(['k0', 'k1', 'k2']);
      expect([items.k0, items.k1, items.k2].map((x) => (x as { n: number }).n)).toEqual([297, 298, 299]);
      // Writes go on after compaction, and a restart sees them.
      await storage.write({ k0: { ...items.k0, n: 300 } });
    } finally {
      storage.close();
    }
    const restarted = createFileStorage(dir, 60_000);
    expect((await restarted.read(['k0'])).k0).toMatchObject({ n: 300 });
    restarted.close();
  });

  test('a write of several items is all or nothing: one stale eTag and none is written', async () => {
    const dir = tempDir();
    const storage = createFileStorage(dir, 60_000);
    try {
      await storage.write({ a: { v: 0 }, b: { v: 0 } });
      const { a, b } = await storage.read(['a', 'b']);
      await storage.write({ b: { ...b, v: 1 } }); // another turn moved "b" on
      await expect(storage.write({ a: { ...a, v: 2 }, b: { ...b, v: 2 } })).rejects.toThrow(/eTag conflict/);
      expect(await storage.read(['a', 'b'])).toEqual({
        a: expect.objectContaining({ v: 0 }),
        b: expect.objectContaining({ v: 1 }),
      });
      expect(journalRecords(dir).get(keyHash('a'))).toBe(1);
    } finally {
      storage.close();
    }
  });

  test('an item read back is a fresh copy, from memory or from disk', async () => {
    const dir = tempDir();
    // Only one item kept in memory: "a" is then read from its record on disk.
    const storage = createFileStorage(dir, 60_000, { cachedItems: 1 });
    try {
      await storage.write({ a: { list: [1] } });
      await storage.write({ b: { list: [2] } });
      for (const key of ['a', 'b']) {
        const first = (await storage.read([key]))[key] as { list: number[] };
        first.list.push(99);
        expect((await storage.read([key]))[key]).toMatchObject({ list: [key === 'a' ? 1 : 2] });
      }
    } finally {
      storage.close();
    }
  });

  test('a record cut by a crash, or a foreign line, reads as "no state" for that record only', async () => {
    const dir = tempDir();
    const storage = createFileStorage(dir, 60_000);
    await storage.write({ k: { v: 1 } });
    await storage.write({ j: { v: 1 } });
    storage.close();
    const [last] = segments(dir).slice(-1);
    // A cut record of "k" (no newline: the process died during the write), after a foreign line.
    appendFileSync(join(dir, last), `not a record\n${keyHash('k')} 000000000000001 0123456789abcdef {"v":`);
    const fresh = createFileStorage(dir, 60_000);
    try {
      expect((await fresh.read(['k'])).k).toMatchObject({ v: 1 });
      const { k } = await fresh.read(['k']);
      await fresh.write({ k: { ...k, v: 2 } });
      await expect(fresh.write({ k: { ...k, v: 3 } })).rejects.toThrow(/eTag conflict/);
      expect(await fresh.read(['k', 'j'])).toMatchObject({ k: { v: 2 }, j: { v: 1 } });
    } finally {
      fresh.close();
    }
  });

  test('files of the previous format (a JSON file a conversation) are erased when the journal opens', () => {
    const dir = tempDir();
    const legacy = join(dir, `${keyHash('emulator/conversations/old/')}.json`);
    writeFileSync(legacy, JSON.stringify({ savedAt: Date.now(), eTag: 'x', item: { dialogState: {} } }));
    writeFileSync(join(dir, 'abc.json.1234.tmp'), '{');
    createFileStorage(dir, 60_000).close();
    expect(readdirSync(dir).filter((f) => f.endsWith('.json') || f.endsWith('.tmp'))).toEqual([]);
  });

  test('one writer: the same directory cannot be opened twice', () => {
    const dir = tempDir();
    const storage = createFileStorage(dir, 60_000);
    try {
      expect(() => createFileStorage(dir, 60_000)).toThrow(/already open/);
    } finally {
      storage.close();
    }
    createFileStorage(dir, 60_000).close(); // closed: it opens again
  });

  describe.runIf(existsSync('/proc/self/stat'))('the lock file names its process by pid and start time', () => {
    const lockOf = (dir: string) => join(dir, 'lock');

    test('it holds this process while open, and goes with close()', () => {
      const dir = tempDir();
      const storage = createFileStorage(dir, 60_000);
      expect(readFileSync(lockOf(dir), 'utf8')).toBe(`${process.pid} ${processStart(process.pid)}`);
      storage.close();
      expect(existsSync(lockOf(dir))).toBe(false);
    });

    test('a lock whose pid is alive but started at another time (the pid was reused) is stale: the start goes on', async () => {
      const dir = tempDir();
      // The parent process is alive, but is not the one that wrote this lock.
      writeFileSync(lockOf(dir), `${process.ppid} ${Number(processStart(process.ppid)) + 1}`);
      const storage = createFileStorage(dir, 60_000);
      await storage.write({ k: { v: 1 } });
      storage.close();
    });

    test('a lock of a live process with its start time, or of the older format (a pid only), stops the start', () => {
      const dir = tempDir();
      for (const holder of [`${process.ppid} ${processStart(process.ppid)}`, String(process.ppid)]) {
        writeFileSync(lockOf(dir), holder);
        expect(() => createFileStorage(dir, 60_000)).toThrow(new RegExp(`in use by process ${process.ppid}`));
      }
    });
  });
});

describe('MemoryStorage is never used outside tests', () => {
  test('no source file under src/ imports or constructs it', () => {
    const files = (readdirSync(join(ROOT, 'src'), { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(10);
    const offenders = files.filter((f) => {
      const code = readFileSync(join(ROOT, 'src', f), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      return /\bMemoryStorage\b/.test(code);
    });
    expect(offenders).toEqual([]);
  });
});
