import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { activity, startServer, type TestServer } from './harness/index.js';

const lines: string[] = [];
const sink = new Writable({
  write(chunk, _encoding, done) {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    done();
  },
});

const SECRET = {
  conversation: 'conv-7c1e-SECRETCONV',
  user: 'user-55aa-SECRETUSER',
  text: 'je dors dehors SECRETTEXT rue des Lilas',
  token: 'eyJ-SECRETTOKEN-abc',
};
let s: TestServer;
beforeAll(async () => {
  s = await startServer({ log: sink });
  const talk = (text?: string, extra: Record<string, unknown> = {}) =>
    s.post(
      { ...activity(SECRET.conversation, text, extra), from: { id: SECRET.user, name: 'Amina SECRETNAME' } },
      { authorization: `Bearer ${SECRET.token}` },
    );
  await talk(undefined, { type: 'conversationUpdate', membersAdded: [{ id: SECRET.user }] });
  for (const text of ['2', '1', SECRET.text, '2', 'forget me']) expect((await talk(text)).status).toBe(200);
  await talk('x'.repeat(20_001)); // 413
  await s.post(`{"text": "${SECRET.text}", "broken`); // malformed JSON
  await s.post({ ...activity(SECRET.conversation, SECRET.text), type: undefined }); // 400 with details
  await fetch(`${s.url}/healthz?token=${SECRET.token}`);
});
afterAll(() => s?.close());

test('every line is structured JSON with a level and a time, and requests carry a request id', () => {
  expect(lines.length).toBeGreaterThanOrEqual(10);
  const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  for (const r of records)
    expect(r).toMatchObject({ level: expect.any(Number), time: expect.any(Number), app: 'passerelle' });
  const requests = records.filter((r) => r.msg === 'request');
  expect(requests.length).toBeGreaterThanOrEqual(10);
  for (const r of requests) expect(r.reqId).toMatch(/^[0-9a-f-]{36}$/);
  expect(new Set(requests.map((r) => r.reqId)).size).toBe(requests.length);
  expect(requests.map((r) => r.status)).toEqual(expect.arrayContaining([200, 400, 413]));
});

test('no message text, user or conversation id, name or token appears in the logs', () => {
  const all = lines.join('\n');
  for (const [what, value] of Object.entries(SECRET)) expect(all, what).not.toContain(value);
  expect(all).not.toContain('SECRET');
  expect(all).not.toMatch(/je dors|Lilas|Amina/);
});

test('the logger redacts such fields if code ever logs them', async () => {
  const { createLogger } = await import('../src/common/logger.js');
  const out: string[] = [];
  const log = createLogger('info', new Writable({ write: (c, _e, d) => (out.push(String(c)), d()) }));
  log.info(
    {
      text: 'SECRETTEXT',
      activity: { text: 'SECRETTEXT' },
      conversation: { id: 'SECRETCONV' },
      from: { id: 'SECRETUSER' },
      headers: { authorization: 'Bearer SECRETTOKEN' },
      req: { headers: { authorization: 'Bearer SECRETTOKEN' } },
      kept: 'visible',
    },
    'x',
  );
  expect(out.join('')).toContain('visible');
  expect(out.join('')).not.toContain('SECRET');
});
