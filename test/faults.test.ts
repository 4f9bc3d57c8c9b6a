import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { StoreItem } from 'botbuilder';
import { openDirectory } from '../src/directory/store.js';
import { validateDirectory } from '../src/directory/validate.js';
import { createFileStorage, type FileStorage } from '../src/state/fileStorage.js';
import {
  activity,
  DIRECTORY,
  FIXTURES,
  greeting,
  nodesOf,
  recordsOf,
  removeTempDirs,
  ROOT,
  startApp,
  startChildServer,
  tempDir,
} from './harness/index.js';

afterAll(removeTempDirs);

/** Starts the app on this directory file; resolves once it runs (and stops it), rejects as createApp does. */
function appWithDirectory(file: string) {
  return startApp({ directoryFile: file }).then((started) => started.close());
}

describe('directory file unreadable or invalid at start', () => {
  const valid = JSON.parse(readFileSync(DIRECTORY, 'utf8'));
  const cases: { name: string; write: (file: string) => void; problem: RegExp }[] = [
    {
      name: 'invalid JSON',
      write: (f) => writeFileSync(f, '{"schemaVersion": 1, "entries": [ {"id": '),
      problem: /cannot be read/,
    },
    { name: 'empty file', write: (f) => writeFileSync(f, ''), problem: /./ },
    {
      name: 'the path is a directory',
      write: (f) => mkdirSync(f),
      problem: /cannot be read|EISDIR|illegal operation/i,
    },
    { name: 'missing file', write: () => undefined, problem: /does not exist/ },
    {
      name: 'an entry without a name, another with a bad phone',
      write: (f) =>
        writeFileSync(
          f,
          JSON.stringify(
            {
              ...valid,
              entries: [
                { ...valid.entries[0], name: undefined },
                { ...valid.entries[1], phones: [{ number: 42 }] },
                ...valid.entries.slice(2),
              ],
            },
            null,
            2,
          ),
        ),
      problem: new RegExp(`${valid.entries[0].id.replace('.', '\\.')} name`),
    },
    {
      name: 'duplicate ids',
      write: (f) => writeFileSync(f, JSON.stringify({ ...valid, entries: [...valid.entries, valid.entries[3]] })),
      problem: /is used by another entry/,
    },
    {
      name: 'unparseable opening hours',
      write: (f) =>
        writeFileSync(
          f,
          JSON.stringify({
            ...valid,
            entries: [
              { ...valid.entries[0], hours: { ...valid.entries[0].hours, osm: 'Mo-Zz 99:00-77:00' } },
              ...valid.entries.slice(1),
            ],
          }),
        ),
      problem: /hours\.osm/,
    },
  ];
  test.each(cases)(
    '$name → createApp rejects naming the file and the problem; the file is unchanged',
    async ({ write, problem }) => {
      const file = join(tempDir(), 'directory.json');
      write(file);
      let before: Buffer | string | undefined;
      try {
        before = readFileSync(file);
      } catch {
        before = undefined;
      }
      const error = await appWithDirectory(file).then(
        () => null,
        (e: Error) => e,
      );
      expect(error, 'createApp must refuse to start').toBeInstanceOf(Error);
      expect(error!.message).toContain(file);
      expect(error!.message).toMatch(problem);
      let after: Buffer | undefined;
      try {
        after = readFileSync(file);
      } catch {
        after = undefined;
      }
      expect(after).toEqual(before);
    },
  );
});

describe('a failing write', () => {
  test('the caller gets the error; the file and the in-memory data stay as they were', async () => {
    const dir = tempDir();
    const file = join(dir, 'directory.json');
    copyFileSync(DIRECTORY, file);
    const before = readFileSync(file);
    const store = await openDirectory(file);
    const [first] = store.entries();
    // lowdb (steno) writes `.directory.json.tmp` then renames it: a directory in its way makes the
    // write fail even for root, like a full disk or a read-only mount would.
    mkdirSync(join(dir, '.directory.json.tmp'));
    const changed = store.update((data) => {
      data.entries[0].name = 'Changed name';
    });
    await expect(changed).rejects.toThrow();
    expect(readFileSync(file)).toEqual(before);
    expect(store.entries()[0].name).toBe(first.name);
    expect(store.get(first.id)?.name).toBe(first.name);
  });

  test('an invalid change is refused and nothing is written', async () => {
    const file = join(tempDir(), 'directory.json');
    copyFileSync(DIRECTORY, file);
    const before = readFileSync(file);
    const store = await openDirectory(file);
    await expect(store.update((data) => void (data.entries[0].name = ''))).rejects.toThrow(/directory .* is invalid/);
    expect(readFileSync(file)).toEqual(before);
  });

  /**
   * A journal whose second segment is /dev/full: "k" is written ("old"), then `during` runs while
   * writes fail with ENOSPC until the storage moves on to a fresh segment. Returns it reopened.
   */
  async function afterDiskFull(during: (storage: FileStorage, k: StoreItem) => Promise<void>): Promise<FileStorage> {
    const dir = tempDir();
    // Tiny segments: each write starts a new one, and the next one is /dev/full (ENOSPC on write).
    const storage = createFileStorage(dir, 3_600_000, { segmentBytes: 1 });
    const trap = join(dir, 'journal-00000002.log');
    try {
      await storage.write({ k: { step: 'old' } });
      symlinkSync('/dev/full', trap);
      await during(storage, (await storage.read(['k'])).k);
    } finally {
      storage.close();
    }
    rmSync(trap);
    return createFileStorage(dir, 3_600_000);
  }

  test('conversation state: a failing write (disk full) rejects, the previous state stays readable, and writing resumes', async () => {
    const restarted = await afterDiskFull(async (storage, k) => {
      await expect(storage.write({ k: { ...k, step: 'new' } })).rejects.toThrow(/ENOSPC/);
      expect((await storage.read(['k'])).k).toMatchObject({ step: 'old' });
      // The storage moved on to a fresh segment: the next write succeeds.
      await storage.write({ k: { ...k, step: 'newer' } });
      expect((await storage.read(['k'])).k).toMatchObject({ step: 'newer' });
    });
    expect((await restarted.read(['k'])).k).toMatchObject({ step: 'newer' });
    restarted.close();
  });

  test('conversation state: when the disk fills during a write of several items, none of them is kept', async () => {
    const restarted = await afterDiskFull(async (storage, k) => {
      await expect(storage.write({ k: { ...k, step: 'new' }, j: { step: 'new' } })).rejects.toThrow(/ENOSPC/);
      expect(await storage.read(['k', 'j'])).toEqual({ k: expect.objectContaining({ step: 'old' }) });
      await storage.write({ j: { step: 'later' } });
    });
    expect(await restarted.read(['k', 'j'])).toEqual({
      k: expect.objectContaining({ step: 'old' }),
      j: expect.objectContaining({ step: 'later' }),
    });
    restarted.close();
  });

  test('conversation state: a segment that is not a regular file stops the start with a clear error', () => {
    const dir = tempDir();
    symlinkSync('/dev/full', join(dir, 'journal-00000001.log'));
    expect(() => createFileStorage(dir, 3_600_000)).toThrow(/not a regular file/);
    // The failed start let go of the directory: once the file is dealt with, it opens.
    rmSync(join(dir, 'journal-00000001.log'));
    createFileStorage(dir, 3_600_000).close();
  });
});

/** Runs a writer child, SIGKILLs it at a random moment after `minAcks` acknowledged writes. */
function runAndKill(script: string, target: string, minAcks: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(FIXTURES, script), target], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acks: string[] = [];
    let buffer = '';
    let stderr = '';
    let armed = false;
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => {
      buffer += d;
      const parts = buffer.split('\n');
      buffer = parts.pop()!;
      acks.push(...parts);
      if (!armed && acks.length >= minAcks) {
        armed = true;
        // Not a wait: a random moment within the next few writes of the real process, to kill it mid-write.
        setTimeout(() => child.kill('SIGKILL'), Math.random() * 40);
      }
    });
    child.on('exit', (code, signal) =>
      signal === 'SIGKILL' ? resolve(acks) : reject(new Error(`writer exited ${code}: ${stderr}`)),
    );
  });
}

describe('kill -9 during writes', () => {
  test('the server killed with SIGKILL mid-conversation: a new one on the same STATE_DIR resumes where the user was', async () => {
    const stateDir = tempDir();
    const first = await startChildServer({ stateDir });
    try {
      // Greeting, English, "elsewhere", Housing: the conversation waits at the housing.start menu.
      await first.post(greeting('crash-1'));
      await first.post(activity('crash-1', '2'));
      expect(nodesOf((await first.post(activity('crash-1', '1'))).json)).toContain('main.menu');
      expect(nodesOf((await first.post(activity('crash-1', '2'))).json)).toContain('housing.start');
      expect(await first.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    } finally {
      await first.close();
    }
    // Every acknowledged turn is on disk, and the dead process's lock does not stop the next start.
    expect(recordsOf(stateDir, 'crash-1')).toBe(4);
    const second = await startChildServer({ stateDir });
    try {
      const res = await second.post(activity('crash-1', 'zzzz'));
      expect(nodesOf(res.json)).toEqual(['housing.start']);
      expect(nodesOf((await second.post(activity('crash-1', '1'))).json)[0]).toBe('housing.tonight');
    } finally {
      await second.close();
    }
  }, 120_000);

  test('conversation state: while a process writes, another cannot open its STATE_DIR; once it is killed, it can', async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, ['--import', 'tsx', join(FIXTURES, 'stateWriter.ts'), dir], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    expect(() => createFileStorage(dir, 3_600_000)).toThrow(new RegExp(`in use by process ${child.pid}`));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    const storage = createFileStorage(dir, 3_600_000);
    expect(storage.size()).toBeGreaterThan(0);
    storage.close();
  }, 30_000);

  test('directory: after each SIGKILL the file is valid JSON, validates, and every entry is the old or a newer version', async () => {
    const file = join(tempDir(), 'directory.json');
    copyFileSync(DIRECTORY, file);
    const names = new Map(
      (JSON.parse(readFileSync(file, 'utf8')).entries as { id: string; name: string }[]).map((e) => [e.id, e.name]),
    );
    let lastAck = 0;
    for (let round = 0; round < 5; round++) {
      const acks = await runAndKill('directoryWriter.ts', file, 5 + Math.floor(Math.random() * 30));
      expect(acks.length).toBeGreaterThan(0);
      lastAck = Number(acks.at(-1));
      const raw = JSON.parse(readFileSync(file, 'utf8'));
      expect(validateDirectory(raw).problems).toEqual([]);
      await openDirectory(file); // opens as the server would
      const seen = new Set<number>();
      for (const entry of raw.entries as { id: string; name: string }[]) {
        const m = / #(\d+)$/.exec(entry.name);
        const base = names.get(entry.id)!.replace(/ #\d+$/, '');
        expect(entry.name.replace(/ #\d+$/, '')).toBe(base);
        if (m) seen.add(Number(m[1]));
      }
      // Every acknowledged write is on disk (the writer numbers restart at 1 in each round).
      expect(Math.max(...seen)).toBeGreaterThanOrEqual(lastAck);
    }
  }, 60_000);

  test('conversation state: after each SIGKILL every key reads back with an acknowledged or the in-flight value', async () => {
    const dir = tempDir();
    for (let round = 0; round < 5; round++) {
      const acks = await runAndKill('stateWriter.ts', dir, 20 + Math.floor(Math.random() * 200));
      const last = new Map<string, number>();
      for (const line of acks) {
        const [key, n] = line.split(' ');
        last.set(key, Number(n));
      }
      // Every complete record parses; at most the last line of a segment was cut by the kill.
      for (const f of readdirSync(dir).filter((name) => name.startsWith('journal-'))) {
        const lines = readFileSync(join(dir, f), 'utf8').split('\n').slice(0, -1);
        for (const line of lines.filter((l) => l.trim()))
          expect(() => JSON.parse(line.slice(line.indexOf('{')))).not.toThrow();
      }
      const storage = createFileStorage(dir, 3_600_000);
      const items = await storage.read([...last.keys()]);
      storage.close();
      for (const [key, n] of last) {
        const item = items[key] as { n: number; pad: string };
        expect(item, key).toBeDefined();
        // The last acknowledged value, or the next one that was being written when killed (3 keys round-robin).
        expect([n, n + 3]).toContain(item.n);
        expect(item.pad).toMatch(/^x+$/);
      }
    }
  }, 60_000);
});
