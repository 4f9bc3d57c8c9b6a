import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { activity, journalRecords, startServer, type TestServer } from './harness/index.js';

const APP = { MicrosoftAppId: '00000000-0000-4000-8000-000000000001', MicrosoftAppPassword: 'dummy-password-not-real' };
// A syntactically valid JWT (RS256, unknown key id) that no Bot Framework key signed.
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const FORGED = `${b64({ alg: 'RS256', typ: 'JWT', kid: 'not-a-real-key' })}.${b64({ iss: 'https://api.botframework.com', aud: APP.MicrosoftAppId, exp: 4102444800, serviceurl: 'https://smba.trafficmanager.net/emea/' })}.c2lnbmF0dXJl`;

const channelActivity = (id: string) => ({
  ...activity(id, 'bonjour'),
  channelId: 'msteams',
  deliveryMode: undefined,
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
});

describe('Bot Framework JWT validation when MicrosoftAppId is set', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({ env: APP });
  });
  afterAll(() => s?.close());
  const noTurnRan = () => expect(journalRecords(join(s.stateDir, 'conversations')).size).toBe(0);

  test.each([
    ['no Authorization header', undefined],
    ['an empty bearer', 'Bearer '],
    ['a garbage bearer token', 'Bearer garbage'],
    ['a Basic credential', 'Basic dXNlcjpwYXNz'],
    ['a token with a bad signature segment', 'Bearer a.b.c'],
  ])('%s → 401 {code, message}, and no turn runs', async (_name, authorization) => {
    const started = performance.now();
    const res = await s.post(channelActivity('jwt-1'), authorization === undefined ? {} : { authorization });
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ code: 'unauthorized', message: expect.any(String) });
    expect(performance.now() - started).toBeLessThan(2_000);
    noTurnRan();
  });

  test('expectReplies or a bad body does not bypass it: no header is a 401 before anything else', async () => {
    expect((await s.post(activity('jwt-2', 'hi'))).status).toBe(401);
    expect((await s.post('{not json')).status).toBe(400); // restify's body parser runs first
    expect((await s.post({ nonsense: true })).status).toBe(401);
    noTurnRan();
  });

  test('a well-formed but forged JWT fails closed quickly (401, or 503 if the OpenID keys are unreachable)', async () => {
    const started = performance.now();
    const res = await s.post(channelActivity('jwt-3'), { authorization: `Bearer ${FORGED}` });
    const ms = performance.now() - started;
    console.log(`forged JWT: ${res.status} ${res.text} in ${Math.round(ms)} ms`);
    expect([401, 503]).toContain(res.status);
    expect(res.json).toMatchObject({ code: expect.stringMatching(/^(unauthorized|auth-unavailable)$/) });
    expect(res.text).not.toContain('login.botframework.com'); // no internal detail leaks
    expect(ms).toBeLessThan(15_000);
    noTurnRan();
  });
});

describe('without MicrosoftAppId (local use), the endpoint is open but cannot be made to call out', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(() => s?.close());

  test('expectReplies works with no token', async () => {
    expect((await s.post(activity('open-1', 'hi'))).status).toBe(200);
  });
  test('normal delivery to a non-loopback serviceUrl is refused', async () => {
    const res = await s.post(
      activity('open-2', 'hi', { deliveryMode: 'normal', serviceUrl: 'https://attacker.example/' }),
    );
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('invalid-service-url');
  });
});

describe('security headers on every page', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(() => s?.close());

  const requests: [string, () => Promise<Response>][] = [
    ['GET /', () => fetch(`${s.url}/`)],
    ['GET /healthz', () => fetch(`${s.url}/healthz`)],
    ['GET /readyz', () => fetch(`${s.url}/readyz`)],
    ['GET /no-such-page (404)', () => fetch(`${s.url}/no-such-page`)],
    [
      'POST /api/messages, 400',
      () =>
        fetch(`${s.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' }),
    ],
    [
      'POST /api/messages, 413',
      () =>
        fetch(`${s.url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ pad: 'x'.repeat(70_000) }),
        }),
    ],
    [
      'POST /api/messages, 200',
      () =>
        fetch(`${s.url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(activity('h-1', 'hi')),
        }),
    ],
    ['GET /api/messages (405)', () => fetch(`${s.url}/api/messages`)],
  ];
  test.each(requests)('%s', async (_name, request) => {
    const res = await request();
    await res.arrayBuffer();
    const h = res.headers;
    expect(h.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(h.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(h.get('x-content-type-options')).toBe('nosniff');
    expect(h.get('x-frame-options')).toMatch(/^(DENY|SAMEORIGIN)$/);
    expect(h.get('referrer-policy')).toBe('no-referrer');
  });
});
