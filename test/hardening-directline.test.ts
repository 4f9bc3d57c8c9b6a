// Issue 21: attacks on the local Direct Line (conversation flooding, memory, streams, "forget me").
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { createDirectLineService, DEFAULT_LIMITS } from '../src/directline/service.js';
import { createClientAddress } from '../src/http/clientAddress.js';
import { createClientLimiter } from '../src/http/clientLimiter.js';
import { registerDirectLine } from '../src/http/directline/routes.js';
import { createHttpServer } from '../src/http/server.js';
import { createLogger } from '../src/common/logger.js';
import { MAX_EXTRA_BYTES } from '../src/common/limits.js';
import { removeTempDirs, startServer, type TestServer } from './harness/index.js';

afterAll(() => removeTempDirs());
afterEach(() => void vi.useRealTimers());

type Opened = { conversationId: string; token: string; streamUrl?: string };

function client(s: TestServer) {
  const dl = `${s.url}/v3/directline`;
  const call = async (path: string, init: RequestInit & { token?: string; json?: unknown } = {}) => {
    const headers = new Headers(init.headers);
    if (init.token) headers.set('authorization', `Bearer ${init.token}`);
    if (init.json !== undefined) headers.set('content-type', 'application/json');
    const res = await fetch(`${dl}${path}`, {
      ...init,
      headers,
      body: init.json === undefined ? undefined : JSON.stringify(init.json),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined, size: text.length };
  };
  return {
    call,
    async open(headers: Record<string, string> = {}): Promise<Opened> {
      const res = await call('/conversations', { method: 'POST', json: { locale: 'fr-FR' }, headers });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body as Opened;
    },
    say: (c: Opened, activity: Record<string, unknown>) =>
      call(`/conversations/${c.conversationId}/activities`, {
        method: 'POST',
        token: c.token,
        json: { type: 'message', from: { id: 'u', name: 'Amina SECRETNAME' }, ...activity },
      }),
    read: (c: Opened, watermark = '0') =>
      call(`/conversations/${c.conversationId}/activities?watermark=${watermark}`, { token: c.token }),
  };
}

describe('2. conversations: limited per client, never evicted while in use', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({
      env: { TRUST_PROXY: 'loopback', DIRECTLINE_NEW_PER_MINUTE: '5', DIRECTLINE_MAX_CONVERSATIONS: '50' },
    });
  });
  afterAll(() => s?.close());

  it('one client opening conversations in a loop gets 429 with Retry-After after its quota; others do not', async () => {
    const dl = client(s);
    const from = (address: string) => ({ headers: { 'x-forwarded-for': address } });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++)
      statuses.push((await dl.call('/tokens/generate', { method: 'POST', ...from('203.0.113.9') })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    const refused = await dl.call('/conversations', { method: 'POST', ...from('203.0.113.9') });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ code: 'too-many-conversations' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await dl.call('/tokens/generate', { method: 'POST', ...from('198.51.100.2') })).status).toBe(200);
  });
});

describe('2. a full table refuses new conversations rather than evicting one in use', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({ env: { DIRECTLINE_NEW_PER_MINUTE: '0', DIRECTLINE_MAX_CONVERSATIONS: '3' } });
  });
  afterAll(() => s?.close());

  it('1,000 token requests leave the users’ conversations alive: 503 + Retry-After, then eviction of idle ones only', async () => {
    const dl = client(s);
    const users = [await dl.open(), await dl.open(), await dl.open()];
    const flood = await Promise.all(
      Array.from({ length: 1000 }, () => dl.call('/tokens/generate', { method: 'POST' }).then((r) => r)),
    );
    expect(new Set(flood.map((r) => r.status))).toEqual(new Set([503]));
    expect(flood[0].body).toMatchObject({ code: 'directline-full' });
    expect(Number(flood[0].headers.get('retry-after'))).toBeGreaterThan(60);
    for (const u of users) expect((await dl.read(u)).status).toBe(200);

    // The first user keeps a stream open; half an hour later the others are idle and may make room.
    const ws = new WebSocket(users[0].streamUrl!);
    await new Promise((done) => ws.once('open', done));
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 31 * 60_000);
    expect((await dl.call('/tokens/generate', { method: 'POST' })).status).toBe(200);
    expect((await dl.read(users[0])).status).toBe(200); // streaming: in use
    expect((await dl.read(users[1])).status).toBe(404); // the least recently used idle one
    expect((await dl.read(users[2])).status).toBe(200);
    ws.close();
  });
});

describe('3. memory: bytes per conversation and in all, paged reads, bounded streams', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({ env: { DIRECTLINE_NEW_PER_MINUTE: '0', DIRECTLINE_MAX_MB: '1' } });
  });
  afterAll(() => s?.close());
  const heavy = (i: number) => ({
    text: `${i} ${'x'.repeat(19_990)}`,
    value: { pad: 'v'.repeat(MAX_EXTRA_BYTES - 20) },
    channelData: { pad: 'c'.repeat(MAX_EXTRA_BYTES - 20) },
  });
  const keptBytes = async (dl: ReturnType<typeof client>, c: Opened) => {
    let watermark = '0';
    let total = 0;
    for (;;) {
      const page = await dl.read(c, watermark);
      total += (page.body.activities as unknown[]).reduce<number>((n, a) => n + JSON.stringify(a).length, 0);
      if (!page.body.activities.length || page.body.watermark === watermark) return total;
      watermark = page.body.watermark;
    }
  };

  it('one conversation keeps at most 256 KiB of activities however much is posted', async () => {
    const dl = client(s);
    const c = await dl.open();
    for (let i = 0; i < 20; i++) expect((await dl.say(c, heavy(i))).status).toBe(200);
    const kept = await keptBytes(dl, c);
    expect(kept).toBeLessThanOrEqual(DEFAULT_LIMITS.maxBytesPerConversation!);
    expect(kept).toBeGreaterThan(100 * 1024);
    const page = await dl.read(c);
    expect(page.body.activities.at(-1).text).not.toMatch(/^0 /); // the oldest went first
  });

  it('all conversations together keep at most DIRECTLINE_MAX_MB', async () => {
    const dl = client(s);
    const conversations = [];
    for (let n = 0; n < 6; n++) {
      const c = await dl.open();
      for (let i = 0; i < 8; i++) await dl.say(c, heavy(i));
      conversations.push(c);
    }
    let total = 0;
    for (const c of conversations) total += await keptBytes(dl, c);
    expect(total).toBeLessThanOrEqual(1024 * 1024);
    // The most recent conversation still has its latest activities.
    expect((await dl.read(conversations.at(-1)!)).body.activities.length).toBeGreaterThan(0);
  });

  it('GET …/activities returns at most one page; the watermark leads to the rest', async () => {
    const dl = client(s);
    const c = await dl.open();
    for (let i = 0; i < 60; i++) await dl.say(c, { text: 'Passer' });
    const first = await dl.read(c);
    expect(first.body.activities.length).toBe(DEFAULT_LIMITS.pageSize);
    const second = await dl.read(c, first.body.watermark);
    expect(second.body.activities.length).toBeGreaterThan(0);
    expect(second.body.activities[0].id).not.toBe(first.body.activities.at(-1).id);
    const seqs = [...first.body.activities, ...second.body.activities].map((a: { id: string }) =>
      Number(a.id.split('|')[1]),
    );
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    // A stream opened from the start gets the whole backlog, page after page.
    const all: string[] = [];
    for (let mark = '0'; ;) {
      const page = await dl.read(c, mark);
      if (!page.body.activities.length) break;
      all.push(...page.body.activities.map((a: { id: string }) => a.id));
      mark = page.body.watermark;
    }
    const ws = new WebSocket(`${c.streamUrl!}&watermark=0`);
    const streamed: string[] = [];
    await new Promise<void>((done) =>
      ws.on('message', (data) => {
        const { activities } = JSON.parse(String(data)) as { activities: { id: string }[] };
        streamed.push(...activities.map((a) => a.id));
        if (streamed.length >= all.length) done();
      }),
    );
    ws.close();
    expect(streamed).toEqual(all);
  });

  it('at most 4 streams per conversation: one post fans out to 4 messages, not thousands', async () => {
    const dl = client(s);
    const c = await dl.open();
    const open = (url: string) =>
      new Promise<{ ws?: WebSocket; status?: number }>((done) => {
        const ws = new WebSocket(url);
        ws.once('open', () => done({ ws }));
        ws.once('unexpected-response', (_req, res) => done({ status: res.statusCode }));
        ws.once('error', () => done({ status: -1 }));
      });
    const mark = (await dl.read(c)).body.watermark as string;
    const attempts = [];
    for (let i = 0; i < 20; i++) attempts.push(await open(`${c.streamUrl!}&watermark=${mark}`));
    const streams = attempts.filter((a) => a.ws).map((a) => a.ws!);
    expect(streams.length).toBe(4);
    expect(attempts.filter((a) => a.status === 429).length).toBe(16);
    // Each stream gets the bot's answer to the post; there are four of them.
    const answered = streams.map(
      (ws) =>
        new Promise<number>((done) => {
          let messages = 0;
          ws.on('message', (data) => {
            messages++;
            const { activities } = JSON.parse(String(data)) as { activities: { from: { role: string } }[] };
            if (activities.some((a) => a.from.role === 'bot')) done(messages);
          });
        }),
    );
    await dl.say(c, { text: 'Passer' });
    expect(await Promise.all(answered)).toEqual([2, 2, 2, 2]); // the user's echo, then the replies
    for (const ws of streams) ws.close();
  });
});

describe('3. what the byte limits drop is really freed', () => {
  it('500 conversations flooded with 18 MB of activities hold about DIRECTLINE_MAX_MB (1 MB) of heap', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const dl = createDirectLineService(async () => [], { ...DEFAULT_LIMITS, ttlMs: 3600_000, maxBytes: 1024 * 1024 });
    const heavy = (i: number) => ({
      type: 'message' as const,
      text: `${i} ${'x'.repeat(19_990)}`,
      value: { pad: 'v'.repeat(MAX_EXTRA_BYTES - 20) },
    });
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let n = 0; n < 500; n++) {
      const c = dl.conversations.create();
      await dl.post(c, heavy(n), 'http://127.0.0.1:9');
    }
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    expect(dl.conversations.bytes()).toBeLessThanOrEqual(1024 * 1024);
    // 500 × 28 KB were posted; what is kept, plus 500 small conversation records, is far less.
    expect(grown).toBeLessThan(8 * 1024 * 1024);
  });
});

describe('3. streams in all are bounded too', () => {
  it('refuses the stream past the total with 503', async () => {
    const logger = createLogger('silent');
    const service = createDirectLineService(async () => [], { ...DEFAULT_LIMITS, ttlMs: 3600_000, maxStreams: 2 });
    const http = createHttpServer({ logger, maxBodyBytes: 65536 });
    const close = registerDirectLine(http.server, {
      service,
      logger,
      clientAddress: createClientAddress([]),
      newConversations: createClientLimiter(0),
    });
    const base = (await http.listen(0, '127.0.0.1')).replace('localhost', '127.0.0.1');
    try {
      const statuses: (number | 'open')[] = [];
      for (let i = 0; i < 3; i++) {
        const { conversationId, token } = (await (
          await fetch(`${base}/v3/directline/tokens/generate`, { method: 'POST' })
        ).json()) as Opened;
        const url = `${base.replace('http', 'ws')}/v3/directline/conversations/${conversationId}/stream?t=${token}`;
        statuses.push(
          await new Promise((done) => {
            const ws = new WebSocket(url);
            ws.once('open', () => done('open'));
            ws.once('unexpected-response', (_req, res) => done(res.statusCode ?? 0));
          }),
        );
      }
      expect(statuses).toEqual(['open', 'open', 503]);
    } finally {
      close();
      await http.close();
    }
  });
});

describe('7. "forget me" typed in the web chat erases the transcript too', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({ env: { DIRECTLINE_NEW_PER_MINUTE: '0' } });
  });
  afterAll(() => s?.close());

  it.each(['oublie-moi', 'forget me', 'rgpd'])(
    '"%s": GET …/activities no longer shows what was said',
    async (phrase) => {
      const dl = client(s);
      const c = await dl.open();
      await dl.say(c, { text: 'Passer' });
      await dl.say(c, { text: 'je dors dehors SECRETTEXT' });
      expect(JSON.stringify((await dl.read(c)).body)).toContain('SECRETTEXT');
      // Typed "forget me" asks for a confirmation first (issue 12); "oui" confirms.
      expect((await dl.say(c, { text: phrase })).status).toBe(200);
      const forgot = await dl.say(c, { text: 'oui' });
      expect(forgot.status).toBe(200);
      const after = await dl.read(c);
      const dump = JSON.stringify(after.body);
      expect(dump).not.toContain('SECRETTEXT');
      expect(dump).not.toContain('SECRETNAME');
      // What is left is the bot saying it forgot, and the conversation goes on.
      expect(after.body.activities.every((a: { from: { role: string } }) => a.from.role === 'bot')).toBe(true);
      expect(after.body.activities.map((a: { text?: string }) => a.text)).toContain(
        s.app.catalog.t('fr')('common.forgotten'),
      );
      expect((await dl.say(c, { text: 'menu' })).status).toBe(200);
    },
  );
});
