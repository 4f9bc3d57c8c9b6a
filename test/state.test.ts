import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { createFileStorage } from '../src/state/fileStorage.js';
import { activity, greeting, nodesOf, removeTempDirs, ROOT, startServer, tempDir, type TestServer } from './fixtures/server.js';

afterAll(removeTempDirs);

const open: TestServer[] = [];
async function start(...args: Parameters<typeof startServer>): Promise<TestServer> {
  const s = await startServer(...args);
  open.push(s);
  return s;
}
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

const stateFiles = (s: TestServer) => readdirSync(join(s.stateDir, 'conversations')).filter((f) => f.endsWith('.json'));

/** Greeting, English, "elsewhere", Housing: the conversation waits at the housing.start menu. */
async function toHousing(s: TestServer, id: string): Promise<void> {
  await s.post(greeting(id));
  await s.post(activity(id, '2'));
  expect(nodesOf((await s.post(activity(id, '1'))).json)).toContain('main.menu');
  expect(nodesOf((await s.post(activity(id, '2'))).json)).toContain('housing.start');
}

describe('conversation state on disk (embedded defaults: FileStorage in STATE_DIR)', () => {
  test('survives a restart: a new app on the same STATE_DIR resumes at the same menu', async () => {
    const stateDir = tempDir();
    const first = await start({ stateDir });
    await toHousing(first, 'restart-1');
    await first.close();
    open.splice(open.indexOf(first), 1);

    const second = await start({ stateDir });
    // An unrecognised answer re-asks the menu the user was at, in their language.
    const res = await second.post(activity('restart-1', 'zzzz'));
    expect(nodesOf(res.json)).toEqual(['housing.start']);
    expect(res.json.activities.find((a: { type: string }) => a.type === 'message').locale).toMatch(/^en/);
    // … and a menu answer moves on from there.
    expect(nodesOf((await second.post(activity('restart-1', '1'))).json)[0]).toBe('housing.tonight');
    // A conversation never seen starts at the welcome.
    expect(nodesOf((await second.post(activity('restart-other', 'zzzz'))).json)[0]).toBe('main.welcome');
  });

  test('state files are named by a hash: no conversation id on disk in clear', async () => {
    const s = await start();
    await toHousing(s, 'conversation-id-7f3a9');
    const [file] = stateFiles(s);
    expect(file).toMatch(/^[0-9a-f]{40}\.json$/);
    expect(readFileSync(join(s.stateDir, 'conversations', file), 'utf8')).not.toContain('conversation-id-7f3a9');
  });

  test('expires after STATE_TTL_HOURS (here 1.8 s): the next message starts over and the file is gone', async () => {
    const s = await start({ env: { STATE_TTL_HOURS: String(1.8 / 3600) } });
    await toHousing(s, 'ttl-1');
    expect(stateFiles(s)).toHaveLength(1);
    expect(nodesOf((await s.post(activity('ttl-1', 'zzzz'))).json)).toEqual(['housing.start']); // still fresh
    await new Promise((r) => setTimeout(r, 2_000));
    const res = await s.post(activity('ttl-1', 'zzzz'));
    expect(nodesOf(res.json)[0]).toBe('main.welcome');
  });

  test('the default TTL is 24 hours', async () => {
    const { loadConfig } = await import('../src/config.js');
    expect(loadConfig({}, ROOT).stateTtlMs).toBe(24 * 3600 * 1000);
  });
});

describe('FileStorage with an injected clock', () => {
  test('read() forgets an expired item and deletes its file; sweep() clears memory and disk', async () => {
    let now = 1_000_000;
    const dir = tempDir();
    const storage = createFileStorage(dir, 60_000, () => now);
    try {
      await storage.write({ a: { n: 1 }, b: { n: 2 } });
      expect(readdirSync(dir)).toHaveLength(2);
      now += 59_000;
      expect((await storage.read(['a'])).a).toMatchObject({ n: 1 });
      now += 2_000;
      expect(await storage.read(['a'])).toEqual({});
      expect(readdirSync(dir)).toHaveLength(1);
      expect(storage.size()).toBe(1);
      // b's file is old on disk too (mtime is real time, so sweep with a clock far ahead).
      expect(await storage.sweep(Date.now() + 120_000)).toBeGreaterThanOrEqual(1);
      expect(storage.size()).toBe(0);
      expect(readdirSync(dir)).toHaveLength(0);
    } finally {
      storage.close();
    }
  });

  test('memory holds at most maxCached conversations; the others are read back from disk', async () => {
    const dir = tempDir();
    const storage = createFileStorage(dir, 60_000, Date.now, 3);
    try {
      for (let i = 0; i < 6; i++) await storage.write({ [`k${i}`]: { i } });
      expect(storage.size()).toBe(3);
      expect(readdirSync(dir)).toHaveLength(6);
      const items = await storage.read(['k0', 'k1', 'k2', 'k3', 'k4', 'k5']);
      expect(Object.values(items).map((x) => (x as { i: number }).i)).toEqual([0, 1, 2, 3, 4, 5]);
      expect(storage.size()).toBe(3);
      // An evicted conversation keeps its eTag guarantee (checked against the file).
      await storage.write({ k0: { ...items.k0, i: 10 } });
      await expect(storage.write({ k0: { ...items.k0, i: 11 } })).rejects.toThrow(/eTag conflict/);
    } finally {
      storage.close();
    }
  });

  test('a torn or foreign file reads as "no state", and an eTag conflict is refused', async () => {
    const dir = tempDir();
    const storage = createFileStorage(dir, 60_000);
    try {
      await storage.write({ k: { v: 1 } });
      const [file] = readdirSync(dir);
      writeFileSync(join(dir, file), '{"savedAt": 1, "eTag": "x", "item": {"v"');
      const fresh = createFileStorage(dir, 60_000);
      expect(await fresh.read(['k'])).toEqual({});
      fresh.close();
      const { k } = await storage.read(['k']);
      await storage.write({ k: { ...k, v: 2 } });
      await expect(storage.write({ k: { ...k, v: 3 } })).rejects.toThrow(/eTag conflict/);
      expect((await storage.read(['k'])).k).toMatchObject({ v: 2 });
    } finally {
      storage.close();
    }
  });
});

const lexicons = readdirSync(join(ROOT, 'locales'))
  .filter((l) => existsSync(join(ROOT, 'locales', l, 'lexicon.json')))
  .map((locale) => ({ locale, phrases: (JSON.parse(readFileSync(join(ROOT, 'locales', locale, 'lexicon.json'), 'utf8')).commands.forget ?? []) as string[] }));
const forgetCases = lexicons.flatMap(({ locale, phrases }) => phrases.map((phrase) => ({ locale, phrase })));

describe('"forget me" erases the conversation state from disk', () => {
  test('every locale with a lexicon has forget phrases', () => {
    expect(lexicons.length).toBeGreaterThanOrEqual(2);
    for (const { locale, phrases } of lexicons) expect(phrases.length, locale).toBeGreaterThan(0);
  });

  test.each(forgetCases)('$locale: "$phrase"', async ({ locale, phrase }) => {
    const s = await start();
    const id = `forget-${locale}-${phrase}`;
    // The user's language comes from the channel: no language menu.
    expect(nodesOf((await s.post(greeting(id, { locale }))).json)).toContain('main.commune');
    expect(nodesOf((await s.post(activity(id, '1', { locale }))).json)).toContain('main.menu');
    expect(stateFiles(s)).toHaveLength(1);
    const res = await s.post(activity(id, phrase, { locale }));
    expect(res.status).toBe(200);
    expect(stateFiles(s)).toHaveLength(0);
    expect(nodesOf((await s.post(activity(id, 'zzzz', { locale }))).json)[0]).toBe('main.welcome');
  });

  test('a French "oublie-moi" in an English conversation erases it too', async () => {
    const s = await start();
    await s.post(greeting('cross', { locale: 'en' }));
    await s.post(activity('cross', '1', { locale: 'en' }));
    await s.post(activity('cross', 'oublie-moi', { locale: 'en' }));
    expect(stateFiles(s)).toHaveLength(0);
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

  test('createApp without an injected storage writes conversation files under STATE_DIR', async () => {
    const s = await start();
    await s.post(greeting('disk-1'));
    expect(stateFiles(s)).toHaveLength(1);
  });
});
