// Issue 21: attacks on the HTTP edge (body reading, nesting, logs, /api/messages without channel auth).
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { activity, greeting, removeTempDirs, startServer, type TestServer } from './harness/index.js';

const logLines: string[] = [];
const sink = new Writable({
  write(chunk, _encoding, done) {
    logLines.push(String(chunk));
    done();
  },
});

let s: TestServer;
beforeAll(async () => {
  s = await startServer({ log: sink });
});
afterAll(async () => {
  await s?.close();
  removeTempDirs();
});

/** A JSON activity padded to `mb` megabytes once inflated, and its compressed forms (~1,000× smaller). */
function bomb(mb: number) {
  const json = JSON.stringify({ ...activity('bomb', 'hi'), pad: 'a'.repeat(mb * 1024 * 1024) });
  return { gzip: gzipSync(json), deflate: deflateSync(json), br: brotliCompressSync(json) };
}

/** Sends raw bytes on one socket and collects what comes back until the server closes it (or `ms` pass). */
function rawExchange(
  port: number,
  write: (socket: ReturnType<typeof connect>) => void,
  ms = 5000,
): Promise<{ response: string; closedByServer: boolean }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let response = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ response, closedByServer: false });
    }, ms);
    socket.on('data', (d) => (response += String(d)));
    socket.on('error', () => undefined); // a reset after the answer is the server hanging up
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ response, closedByServer: true });
    });
    socket.on('connect', () => write(socket));
  });
}

describe('1. compressed bodies cannot skip the size limit', () => {
  const { gzip, deflate, br } = bomb(60);

  it('the bomb is ~60 KB on the wire and 60 MB inflated', () => {
    expect(gzip.length).toBeLessThan(64 * 1024);
  });

  it.each([
    ['/api/messages', 'gzip', gzip],
    ['/api/messages', 'deflate', deflate],
    ['/api/messages', 'br', br],
    ['/api/messages', 'GZIP', gzip],
    ['/v3/directline/tokens/generate', 'gzip', gzip],
    ['/v3/directline/conversations', 'gzip', gzip],
    ['/api/admin/login', 'gzip', gzip],
    ['/api/admin/import?dryRun=true', 'gzip', gzip],
  ])('%s with Content-Encoding %s → 415, nothing inflated', async (path, encoding, body) => {
    const res = await fetch(`${s.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': encoding },
      body,
    });
    expect(res.status).toBe(415);
    expect(res.headers.get('accept-encoding')).toBe('identity');
    expect(await res.json()).toMatchObject({ code: 'unsupported-content-encoding' });
  });

  it('ten bombs in parallel leave memory flat and the server answering', async () => {
    const before = process.memoryUsage().rss;
    const statuses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        fetch(`${s.url}${i % 2 ? '/api/messages' : '/v3/directline/tokens/generate'}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
          body: gzip,
        }).then((r) => r.status),
      ),
    );
    expect(statuses.every((x) => x === 415)).toBe(true);
    // Inflated, ten bombs were 600 MB of body plus their parsed copies: a generous bound, not a tight one.
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
  });

  it('a request without a body is not refused for a Content-Encoding header', async () => {
    const res = await fetch(`${s.url}/healthz`, { headers: { 'content-encoding': 'gzip' } });
    expect(res.status).toBe(200);
  });

  it('identity is still accepted', async () => {
    const res = await s.post(greeting('identity-1'), { 'content-encoding': 'identity' });
    expect(res.status).toBe(200);
  });
});

describe('chunked and oversized bodies stop being read at the limit', () => {
  const port = () => Number(new URL(s.url).port);
  const head = (extra: string) =>
    `POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n${extra}\r\n`;

  it('a chunked body past the limit gets 413 before it ends, and the connection is closed', async () => {
    const chunk = 'a'.repeat(16 * 1024);
    const { response, closedByServer } = await rawExchange(port(), (socket) => {
      socket.write(head('Transfer-Encoding: chunked\r\n'));
      // 128 KiB, twice the limit, and the terminating chunk is never sent.
      for (let i = 0; i < 8; i++) socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    });
    expect(response).toMatch(/^HTTP\/1\.1 413 /);
    expect(response).toContain('payload-too-large');
    expect(closedByServer).toBe(true);
  });

  it('a Content-Length past the limit gets 413 at once, without waiting for the body', async () => {
    const { response, closedByServer } = await rawExchange(port(), (socket) => {
      socket.write(head('Content-Length: 50000000\r\n'));
      socket.write('{"type":');
    });
    expect(response).toMatch(/^HTTP\/1\.1 413 /);
    expect(closedByServer).toBe(true);
  });

  it('the server still answers afterwards', async () => {
    expect((await s.post(greeting('after-chunked'))).status).toBe(200);
  });
});

/**
 * Records what the process writes to stdout and stderr, through process.stdout/stderr and straight
 * to file descriptors 1 and 2 (pino's own destinations), passing everything through.
 */
function captureConsole(): { written: string[]; restore(): void } {
  const written: string[] = [];
  const record = (data: unknown) =>
    written.push(typeof data === 'string' || Buffer.isBuffer(data) || data instanceof Uint8Array ? String(data) : '');
  /** `target` unchanged, with its `data` argument recorded when `watched` says so. */
  const through = <F>(target: F, data: number, watched: (args: unknown[]) => boolean) =>
    ((...args: unknown[]) => {
      if (watched(args)) record(args[data]);
      return (target as (...a: unknown[]) => unknown)(...args);
    }) as F;
  const always = () => true;
  const toConsole = (args: unknown[]) => args[0] === 1 || args[0] === 2;
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation(through(process.stdout.write.bind(process.stdout), 0, always)),
    vi.spyOn(process.stderr, 'write').mockImplementation(through(process.stderr.write.bind(process.stderr), 0, always)),
    vi.spyOn(fs, 'writeSync').mockImplementation(through(fs.writeSync, 1, toConsole)),
    vi.spyOn(fs, 'write').mockImplementation(through(fs.write, 1, toConsole)),
  ];
  return { written, restore: () => spies.forEach((spy) => spy.mockRestore()) };
}

describe('5. deep nesting is a 400, and nothing of the request reaches a log or the console', () => {
  const SECRET = { text: 'je dors dehors SECRETTEXT', auth: 'Bearer SECRETAUTH-123', cookie: 'sid=SECRETCOOKIE' };
  const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);

  it.each(['from', 'conversation', 'channelData', 'value'])('4,500 levels in %s → 400 too-deep', async (field) => {
    const { written, restore } = captureConsole();
    const logged = logLines.length;
    try {
      const body = JSON.stringify(activity(`deep-${field}`, SECRET.text)).replace(
        field === 'from' || field === 'conversation' ? `"${field}":{` : /}$/,
        field === 'from' || field === 'conversation' ? `"${field}":{"x":${deep(4500)},` : `,"${field}":${deep(4500)}}`,
      );
      const res = await s.post(body, { authorization: SECRET.auth, cookie: SECRET.cookie });
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ code: 'too-deep' });
      await new Promise((done) => setImmediate(done));
    } finally {
      restore();
    }
    const out = [...written, ...logLines.slice(logged)].join('\n');
    expect(logLines.length).toBeGreaterThan(logged); // the request was logged, as a request
    for (const secret of Object.values(SECRET)) expect(out).not.toContain(secret.split(' ').at(-1));
    expect(out).not.toContain('SECRET');
    expect(out).not.toContain('[[[[');
  });

  it('restify’s own log lines go through the redacting logger (a normal turn at trace level)', async () => {
    const logged = logLines.length;
    const res = await s.post(activity('trace-1', SECRET.text), { authorization: SECRET.auth, cookie: SECRET.cookie });
    expect(res.status).toBe(200);
    const out = logLines.slice(logged).join('\n');
    expect(out).not.toContain('SECRET');
    for (const line of logLines.slice(logged)) expect(line.length).toBeLessThan(2000);
  });
});

describe('6. /api/messages without channel auth cannot reach a web-chat conversation', () => {
  const dl = () => `${s.url}/v3/directline`;
  async function webChatAtMenu() {
    const opened = await fetch(`${dl()}/conversations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ locale: 'fr-FR' }),
    });
    const { conversationId, token } = (await opened.json()) as { conversationId: string; token: string };
    await fetch(`${dl()}/conversations/${conversationId}/activities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ type: 'message', from: { id: 'u' }, value: { choice: 'skip' } }),
    });
    return conversationId;
  }
  const stateOf = async (id: string) => {
    const key = `directline/conversations/${id}/`;
    return ((await s.app.storage.read([key]))[key] as { tree?: { node?: string } } | undefined)?.tree?.node;
  };

  it.each(['directline', 'DirectLine', ' directline '])(
    'channelId %j with the conversation id: refused, the conversation neither read nor erased',
    async (channelId) => {
      const id = await webChatAtMenu();
      expect(await stateOf(id)).toBe('main.menu');
      const read = await s.post(activity(id, 'xyz', { channelId }));
      expect(read.status).toBe(400);
      expect(read.json).toMatchObject({ code: 'reserved-channel' });
      expect(JSON.stringify(read.json)).not.toContain('main.menu');
      const erase = await s.post(activity(id, undefined, { channelId, value: { command: 'forget' } }));
      expect(erase.status).toBe(400);
      expect(await stateOf(id)).toBe('main.menu');
    },
  );
});

describe('invoke adaptiveCard/action with value {} neither throws nor wipes the conversation', () => {
  it.each([{}, { action: null }, { action: { type: 'Action.Execute' } }, null])('value %j', async (value) => {
    const id = `invoke-${JSON.stringify(value)}`;
    await s.post(greeting(id));
    await s.post(activity(id, '1'));
    const key = `emulator/conversations/${id}/`;
    const before = (await s.app.storage.read([key]))[key] as { tree: { node: string } };
    expect(before.tree.node).toBe('main.commune');
    const res = await s.post(activity(id, undefined, { type: 'invoke', name: 'adaptiveCard/action', value }));
    expect(res.status).toBe(200);
    const apology = s.app.catalog.t('fr')('common.error');
    expect(JSON.stringify(res.json ?? {})).not.toContain(apology);
    const after = (await s.app.storage.read([key]))[key] as { tree: { node: string } } | undefined;
    expect(after?.tree.node).toBe('main.commune');
  });
});

describe('Emulator callbacks: only a bare loopback origin', () => {
  let connector: Server;
  let hits: string[];
  let origin: string;
  beforeAll(async () => {
    hits = [];
    connector = createServer((req, res) => {
      hits.push(req.url ?? '');
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":"r"}');
    });
    await new Promise<void>((done) => connector.listen(0, '127.0.0.1', () => done()));
    origin = `http://127.0.0.1:${(connector.address() as AddressInfo).port}`;
  });
  afterAll(() => connector?.close());

  it.each([
    ['a path', (o: string) => `${o}/internal/admin/`],
    ['a deeper path', (o: string) => `${o}/v3/directline/`],
    ['credentials', (o: string) => o.replace('http://', 'http://user:pw@') + '/'],
    ['a query', (o: string) => `${o}/?x=1`],
    ['a fragment', (o: string) => `${o}/#x`],
    ['an encoded path', (o: string) => `${o}/%2e%2e/admin`],
  ])('refuses a loopback serviceUrl with %s', async (_name, url) => {
    hits.length = 0;
    const res = await s.post(activity('emu-path', 'bonjour', { deliveryMode: 'normal', serviceUrl: url(origin) }));
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: 'invalid-service-url' });
    expect(hits).toEqual([]);
  });

  it.each([
    ['with a slash', (o: string) => `${o}/`],
    ['without', (o: string) => o],
  ])('still calls back the bare origin (%s)', async (_name, url) => {
    hits.length = 0;
    const res = await s.post(activity('emu-ok', 'bonjour', { deliveryMode: 'normal', serviceUrl: url(origin) }));
    expect(res.status).toBe(200);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.startsWith('/v3/conversations/emu-ok/activities'))).toBe(true);
  });
});

describe('10. a per-client turn limit for unauthenticated channels, off for unrelayed loopback', () => {
  let proxied: TestServer;
  let direct: TestServer;
  beforeAll(async () => {
    const env = { MESSAGES_TURNS_PER_MINUTE: '5' };
    proxied = await startServer({ env: { ...env, TRUST_PROXY: '127.0.0.1' } });
    direct = await startServer({ env });
  });
  afterAll(async () => {
    await proxied?.close();
    await direct?.close();
  });
  const from = (address: string) => ({ 'x-forwarded-for': address });

  it('counts each client behind a trusted proxy apart: the sixth new conversation in a minute gets 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await proxied.post(greeting(`flood-a-${i}`), from('203.0.113.7'))).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const refused = await proxied.post(greeting('flood-a-6'), from('203.0.113.7'));
    expect(refused.json).toMatchObject({ code: 'too-many-turns' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await proxied.post(greeting('flood-b-0'), from('198.51.100.4'))).status).toBe(200);
  });

  it('never limits requests from this machine that no proxy relayed (the Emulator, the benchmarks)', async () => {
    for (let i = 0; i < 12; i++) expect((await direct.post(greeting(`local-${i}`))).status).toBe(200);
  });

  it('without TRUST_PROXY, X-Forwarded-For is ignored: rotating it does not make new clients', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await direct.post(greeting(`spoof-${i}`), from(`192.0.2.${i}`))).status);
    expect(statuses.at(-1)).toBe(429);
  });
});
