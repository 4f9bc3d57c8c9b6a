import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { loadConfig } from '../src/config.js';
import { keyHash } from '../src/state/fileStorage.js';
import {
  activity,
  fakeClock,
  greeting,
  journalRecords,
  nodesOf,
  recordsOf,
  removeTempDirs,
  ROOT,
  startServer,
  tempDir,
  type TestServer,
} from './harness/index.js';

// Conversation state through the whole server (HTTP, bot, the journal in STATE_DIR); the journal's
// own tests are in state.test.ts.
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

  test('records are keyed by a hash: no conversation id on disk in clear', async () => {
    const s = await start();
    await toHousing(s, 'conversation-id-7f3a9');
    expect([...journalRecords(join(s.stateDir, 'conversations')).keys()]).toEqual([
      keyHash('emulator/conversations/conversation-id-7f3a9/'),
    ]);
    for (const file of readdirSync(join(s.stateDir, 'conversations'))) {
      expect(readFileSync(join(s.stateDir, 'conversations', file), 'utf8')).not.toContain('conversation-id-7f3a9');
    }
  });

  test('expires after STATE_TTL_HOURS (here 1.8 s, on a fake clock): the next message starts over and the old records are erased', async () => {
    // The app's own storage on STATE_DIR, on the configuration's clock, which the test moves on.
    const clock = fakeClock(1_000_000);
    const s = await start({ clock, env: { STATE_TTL_HOURS: String(1.8 / 3600) } });
    expect(s.config.stateTtlMs).toBeCloseTo(1_800);
    await toHousing(s, 'ttl-1');
    expect(recordsOf(s.stateDir, 'ttl-1')).toBe(4);
    clock.advance(1_700);
    expect(nodesOf((await s.post(activity('ttl-1', 'zzzz'))).json)).toEqual(['housing.start']); // still fresh
    clock.advance(1_801);
    const res = await s.post(activity('ttl-1', 'zzzz'));
    expect(nodesOf(res.json)[0]).toBe('main.welcome');
    expect(recordsOf(s.stateDir, 'ttl-1')).toBe(1); // the new conversation's first record only
  });

  test('the default TTL is 24 hours', () => {
    expect(loadConfig({}, ROOT).stateTtlMs).toBe(24 * 3600 * 1000);
  });

  test('createApp without an injected storage writes the conversation to the journal under STATE_DIR', async () => {
    const s = await start();
    await s.post(greeting('disk-1'));
    expect(recordsOf(s.stateDir, 'disk-1')).toBe(1);
  });
});

const lexicons = readdirSync(join(ROOT, 'locales'))
  .filter((l) => existsSync(join(ROOT, 'locales', l, 'lexicon.json')))
  .map((locale) => {
    const lexicon = JSON.parse(readFileSync(join(ROOT, 'locales', locale, 'lexicon.json'), 'utf8'));
    return { locale, phrases: (lexicon.commands.forget ?? []) as string[], yes: (lexicon.yes as string[])[0] };
  });
const forgetCases = lexicons.flatMap(({ locale, phrases, yes }) => phrases.map((phrase) => ({ locale, phrase, yes })));

describe('"forget me" erases the conversation state from disk', () => {
  test('every locale with a lexicon has forget phrases', () => {
    expect(lexicons.length).toBeGreaterThanOrEqual(2);
    for (const { locale, phrases } of lexicons) expect(phrases.length, locale).toBeGreaterThan(0);
  });

  test.each(forgetCases)('$locale: "$phrase", then "$yes"', async ({ locale, phrase, yes }) => {
    const s = await start();
    const id = `forget-${locale}-${phrase}`;
    // The user's language comes from the channel: no language menu.
    expect(nodesOf((await s.post(greeting(id, { locale }))).json)).toContain('main.commune');
    expect(nodesOf((await s.post(activity(id, '1', { locale }))).json)).toContain('main.menu');
    expect(recordsOf(s.stateDir, id)).toBe(2);
    // Typed, "forget me" is confirmed first: nothing is erased yet.
    expect((await s.post(activity(id, phrase, { locale }))).status).toBe(200);
    expect(recordsOf(s.stateDir, id)).toBe(3);
    const res = await s.post(activity(id, yes, { locale }));
    expect(res.status).toBe(200);
    expect(recordsOf(s.stateDir, id)).toBe(0); // every record erased, not only the latest
    expect(nodesOf((await s.post(activity(id, 'zzzz', { locale }))).json)[0]).toBe('main.welcome');
  });

  test('a French "oublie-moi" in an English conversation erases it too, once confirmed', async () => {
    const s = await start();
    await s.post(greeting('cross', { locale: 'en' }));
    await s.post(activity('cross', '1', { locale: 'en' }));
    expect(recordsOf(s.stateDir, 'cross')).toBe(2);
    await s.post(activity('cross', 'oublie-moi', { locale: 'en' }));
    await s.post(activity('cross', 'yes', { locale: 'en' }));
    expect(recordsOf(s.stateDir, 'cross')).toBe(0);
  });
});
