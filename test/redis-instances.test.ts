import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import { Redis } from 'ioredis';
import { openAccounts } from '../src/admin/accounts.js';
import {
  activity,
  greeting,
  nodesOf,
  removeTempDirs,
  request,
  ROOT,
  startChildServer,
  startRedis,
  tempDir,
  textsOf,
  type ChildServer,
  type TestRedis,
} from './harness/index.js';

// Two Passerelle processes on one real redis-server (REDIS_URL): a conversation, a Direct Line
// stream and an admin session each served by both; concurrent edits; Redis and an instance restarted.

const PASSWORD = 'Correct-Horse-42-battery';
const EMAIL = 'admin@example.org';
const ENTRY = 'national.3039';

let redis: TestRedis;
let probe: Redis;
let a: ChildServer;
let b: ChildServer;
const stateDirs: string[] = [];

/** An instance on the shared Redis, with the admin account in its STATE_DIR (accounts are per instance). */
async function instance(stateDir?: string): Promise<ChildServer> {
  const dir = stateDir ?? tempDir();
  if (!stateDir) {
    await openAccounts(dir).add({ email: EMAIL, role: 'admin', name: 'Alice' }, PASSWORD);
    stateDirs.push(dir);
  }
  return startChildServer({ stateDir: dir, env: { REDIS_URL: redis.url, LOG_LEVEL: 'error' } });
}

beforeAll(async () => {
  redis = await startRedis();
  probe = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  probe.on('error', () => undefined);
  await probe.connect();
  [a, b] = await Promise.all([instance(), instance()]);
}, 120_000);

afterAll(async () => {
  probe?.disconnect();
  await Promise.all([a?.close(), b?.close()]);
  await redis?.close();
  removeTempDirs();
});

const FRENCH = JSON.parse(readFileSync(join(ROOT, 'locales', 'fr', 'common.json'), 'utf8')) as Record<string, string>;
const ready = async (s: ChildServer) => (await fetch(`${s.url}/readyz`)).status;

describe('one conversation on two instances', () => {
  test('turns alternating between A and B continue one conversation (state in Redis, eTags)', async () => {
    await a.post(greeting('alt-1'));
    await b.post(activity('alt-1', '2')); // English
    expect(nodesOf((await a.post(activity('alt-1', '1'))).json)).toContain('main.menu');
    expect(nodesOf((await b.post(activity('alt-1', '2'))).json)).toContain('housing.start');
    // An answer B does not understand re-asks the menu A left the user at, in English.
    const res = await a.post(activity('alt-1', 'zzzz'));
    expect(nodesOf(res.json)).toEqual(['housing.start']);
    expect(await probe.pttl('passerelle:state:emulator/conversations/alt-1/')).toBeGreaterThan(23 * 3600_000);
  });
});

interface Opened {
  conversationId: string;
  token: string;
  streamUrl: string;
}
type Sets = { activities: { id: string; replyToId?: string; from: { role: string } }[]; watermark: string }[];

async function stream(url: string) {
  const ws = new WebSocket(url);
  const sets: Sets = [];
  ws.on('message', (data) => sets.push(JSON.parse(String(data))));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return { ws, sets, all: () => sets.flatMap((x) => x.activities) };
}

describe('one Direct Line conversation on two instances', () => {
  test('opened on A, streamed from B: what is posted on A reaches the WebSocket held by B', async () => {
    const opened = (await request(`${a.url}/v3/directline/conversations`, { method: 'POST', json: { locale: 'en' } }))
      .body as Opened;
    const ws = new WebSocket(opened.streamUrl.replace(new URL(a.url).host, new URL(b.url).host));
    const sets: Sets = [];
    ws.on('message', (data) => sets.push(JSON.parse(String(data))));
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    await expect.poll(() => sets.length).toBeGreaterThan(0); // the greeting, from the backlog
    const posted = await request(`${a.url}/v3/directline/conversations/${opened.conversationId}/activities`, {
      method: 'POST',
      token: opened.token,
      json: { type: 'message', text: '2', from: { id: 'u1' } },
    });
    expect(posted.status).toBe(200);
    const all = () => sets.flatMap((s) => s.activities);
    await expect.poll(() => all().some((x) => x.id === posted.body.id)).toBe(true);
    await expect.poll(() => all().some((x) => x.replyToId === posted.body.id)).toBe(true);
    // Watermarks are the conversation's own: B's GET from the stream's last watermark returns nothing new.
    const last = sets.at(-1)!.watermark;
    const page = await request(
      `${b.url}/v3/directline/conversations/${opened.conversationId}/activities?watermark=${last}`,
      { token: opened.token },
    );
    expect(page.body).toEqual({ activities: [], watermark: last });
    const ids = all().map((x) => x.id);
    expect(new Set(ids).size).toBe(ids.length); // nothing delivered twice
    // Erased on B: every key of the conversation is gone from Redis, and A's token finds nothing.
    const gone = await request(`${b.url}/v3/directline/conversations/${opened.conversationId}`, {
      method: 'DELETE',
      token: opened.token,
    });
    expect(gone.status).toBe(204);
    expect(await probe.keys(`*${opened.conversationId}*`)).toEqual([]);
    const after = await request(`${a.url}/v3/directline/conversations/${opened.conversationId}/activities`, {
      token: opened.token,
    });
    expect(after.status).toBe(404);
    ws.close();
  });
});

interface Session {
  cookie: string;
  csrf: string;
}

async function login(s: ChildServer): Promise<Session> {
  const res = await fetch(`${s.url}/api/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
  });
  expect(res.status, s.output().slice(-3000)).toBe(200);
  return { cookie: res.headers.get('set-cookie')!.split(';')[0], csrf: ((await res.json()) as Session).csrf };
}

const admin = (s: ChildServer, session: Session, method = 'GET', body?: unknown) =>
  request(`${s.url}/api/admin/entries/${ENTRY}`, {
    method,
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
    ...(body === undefined ? {} : { json: body }),
  });

describe('one admin session on two instances, one directory', () => {
  test('signed in on A, edits on B; A sees the new version and re-indexes within a second', async () => {
    const session = await login(a);
    const { version } = (await admin(b, session)).body.entry;
    const edited = await admin(b, session, 'PATCH', { version, accessibility: 'Relais pour les sourds (B)' });
    expect(edited.status).toBe(200);
    expect(edited.body.entry.version).toBe(version + 1);
    await expect
      .poll(async () => (await request(`${a.url}/api/directory/entries/${ENTRY}`)).body.accessibility, {
        timeout: 1000,
        interval: 50,
      })
      .toBe('Relais pour les sourds (B)');
    expect((await admin(a, session)).body.entry.version).toBe(version + 1);
  });

  test('two concurrent edits of one version, on A and on B: one 200, one 409, nothing lost', async () => {
    const session = await login(b);
    const { version } = (await admin(a, session)).body.entry;
    const results = await Promise.all([
      admin(a, session, 'PATCH', { version, accessibility: 'from A' }),
      admin(b, session, 'PATCH', { version, accessibility: 'from B' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = results.find((r) => r.status === 200)!.body.entry;
    const loser = results.find((r) => r.status === 409)!;
    expect(loser.body.details.currentVersion).toBe(version + 1);
    for (const s of [a, b]) {
      await expect
        .poll(async () => (await admin(s, session)).body.entry)
        .toMatchObject({
          version: version + 1,
          accessibility: winner.accessibility,
        });
    }
    // The audit log (one for both instances) has exactly one record of that version.
    const history = (await request(`${a.url}/api/admin/entries/${ENTRY}/history`, {
      headers: { cookie: session.cookie },
    })) as { body: { history?: { version: number }[] } | { version: number }[] };
    const records = Array.isArray(history.body) ? history.body : (history.body.history ?? []);
    expect(records.filter((r) => r.version === version + 1)).toHaveLength(1);
  });
});

describe('failures', () => {
  test('Redis killed: not ready and a clear error; Redis back: ready again, the conversation resumes', async () => {
    await a.post(greeting('outage'));
    await a.post(activity('outage', '2'));
    expect(nodesOf((await b.post(activity('outage', '1'))).json)).toContain('main.menu');
    const chat = (await request(`${a.url}/v3/directline/conversations`, { method: 'POST', json: {} })).body as Opened;
    const transcript = (s: ChildServer) =>
      request(`${s.url}/v3/directline/conversations/${chat.conversationId}/activities`, { token: chat.token });
    const key = 'passerelle:state:emulator/conversations/outage/';
    const before = await probe.hgetall(key);
    await redis.kill();
    try {
      await expect.poll(() => ready(a), { timeout: 5000 }).toBe(503);
      const during = await b.post(activity('outage', '2'));
      // The translated apology (the activity names no locale, and the state saying English is out of reach).
      expect(textsOf(during.json)).toEqual([FRENCH['common.error']]);
      expect(nodesOf(during.json)).toEqual([]);
      const unreachable = await transcript(b);
      expect([unreachable.status, unreachable.body.code]).toEqual([503, 'directline-unavailable']);
      expect(unreachable.headers.get('retry-after')).toBe('5');
    } finally {
      await redis.restart();
    }
    await expect.poll(() => Promise.all([ready(a), ready(b)]), { timeout: 10_000, interval: 100 }).toEqual([200, 200]);
    expect(await probe.hgetall(key)).toEqual(before);
    expect((await transcript(b)).body.activities.length).toBeGreaterThan(0);
    // The failed turn wrote nothing: the conversation is still at the main menu, and goes on.
    expect(nodesOf((await a.post(activity('outage', '2'))).json)).toContain('housing.start');
  });

  test('rolling restart: A stops while B serves, a new A takes over; no turn, stream or session lost', async () => {
    const session = await login(a);
    await b.post(greeting('rolling'));
    await b.post(activity('rolling', '2'));
    // A Direct Line stream held by A, as Web Chat would hold it through the proxy.
    const opened = (await request(`${a.url}/v3/directline/conversations`, { method: 'POST', json: { locale: 'en' } }))
      .body as Opened;
    const first = await stream(opened.streamUrl);
    await expect.poll(() => first.sets.length).toBeGreaterThan(0);
    const mark = first.sets.at(-1)!.watermark;
    await a.stop('SIGTERM');
    expect(nodesOf((await b.post(activity('rolling', '1'))).json)).toContain('main.menu');
    // Web Chat reconnects with its watermark; the proxy sends it to B: the rest arrives, nothing twice.
    const posted = await request(`${b.url}/v3/directline/conversations/${opened.conversationId}/activities`, {
      method: 'POST',
      token: opened.token,
      json: { type: 'message', text: '2', from: { id: 'u2' } },
    });
    const url = opened.streamUrl.replace(new URL(a.url).host, new URL(b.url).host);
    const second = await stream(`${url}&watermark=${mark}`);
    await expect.poll(() => second.all().some((x) => x.replyToId === posted.body.id)).toBe(true);
    const ids = [...first.all(), ...second.all()].map((x) => x.id);
    expect(new Set(ids).size).toBe(ids.length);
    const old = a;
    a = await instance(old.stateDir);
    await old.close();
    expect(nodesOf((await a.post(activity('rolling', '2'))).json)).toContain('housing.start');
    expect((await admin(a, session)).status).toBe(200);
    second.ws.close();
  });
});
