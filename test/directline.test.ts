import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startServer, request, type TestServer } from './harness/index.js';
import { WebSocket } from 'ws';
import { createConversations } from '../src/directline/conversations.js';

let server: TestServer;
let dl: string;
beforeAll(async () => {
  server = await startServer();
  dl = `${server.url}/v3/directline`;
});
afterAll(() => server?.close());

async function open(locale = 'fr-FR') {
  const res = await request(`${dl}/conversations`, { method: 'POST', json: { locale } });
  expect(res.status).toBe(201);
  return res.body as { conversationId: string; token: string; expires_in: number; streamUrl?: string };
}
const activities = (id: string, token: string, watermark?: string) =>
  request(`${dl}/conversations/${id}/activities${watermark === undefined ? '' : `?watermark=${watermark}`}`, { token });
const say = (id: string, token: string, activity: Record<string, unknown>) =>
  request(`${dl}/conversations/${id}/activities`, {
    method: 'POST',
    token,
    json: { from: { id: 'user-1' }, ...activity },
  });

describe('local Direct Line', () => {
  it('starts a conversation with a greeting in the chosen locale', async () => {
    const { conversationId, token, expires_in, streamUrl } = await open('en-US');
    expect(expires_in).toBeGreaterThan(60);
    expect(streamUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/v3\/directline\/conversations\/.+\/stream\?t=/);
    const res = await activities(conversationId, token);
    expect(res.status).toBe(200);
    const greeting = res.body.activities[0];
    expect(greeting).toMatchObject({ type: 'message', from: { role: 'bot' }, locale: expect.stringMatching(/^en/) });
    expect(greeting.id).toMatch(new RegExp(`^${conversationId}\\|`));
    expect(res.body.watermark).toBe(String(res.body.activities.length));
  });

  it('echoes the user message with an id, then the replies, and pages by watermark', async () => {
    const { conversationId: id, token } = await open();
    const first = await activities(id, token);
    const mark = first.body.watermark;
    const posted = await say(id, token, { type: 'message', text: 'Passer', channelData: { clientActivityID: 'c-1' } });
    expect(posted.status).toBe(200);
    expect(posted.body.id).toMatch(/\|\d{7}$/);
    const next = await activities(id, token, mark);
    const [echo, ...bot] = next.body.activities;
    expect(echo).toMatchObject({
      id: posted.body.id,
      type: 'message',
      text: 'Passer',
      from: { id: 'user-1', role: 'user' },
      channelData: { clientActivityID: 'c-1' },
    });
    expect(echo.timestamp).toBeTruthy();
    expect(bot.length).toBeGreaterThan(0);
    expect(
      bot.every(
        (a: { from: { role: string }; replyToId: string }) => a.from.role === 'bot' && a.replyToId === posted.body.id,
      ),
    ).toBe(true);
    expect(bot.some((a: { suggestedActions?: unknown }) => a.suggestedActions)).toBe(true);
    const none = await activities(id, token, next.body.watermark);
    expect(none.body).toEqual({ activities: [], watermark: next.body.watermark });
  });

  it('presses a button by value', async () => {
    const { conversationId: id, token } = await open();
    const mark = (await activities(id, token)).body.watermark;
    await say(id, token, { type: 'message', value: { choice: 'skip' } });
    const replies = (await activities(id, token, mark)).body.activities.slice(1);
    expect(replies.at(-1).channelData).toMatchObject({ node: 'main.menu' });
  });

  it('isolates conversations by token and refuses requests without one', async () => {
    const a = await open();
    const b = await open();
    expect((await activities(a.conversationId, b.token)).status).toBe(403);
    expect((await say(a.conversationId, b.token, { type: 'message', text: 'x' })).status).toBe(403);
    const missing = await activities(a.conversationId, '');
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ code: 'missing-token', message: expect.any(String) });
    const forged = `${b.token.split('.')[0]}.${'A'.repeat(43)}`;
    expect((await activities(b.conversationId, forged)).status).toBe(403);
    expect((await request(`${dl}/tokens/refresh`, { method: 'POST' })).status).toBe(401);
  });

  it('issues and refreshes tokens bound to one conversation', async () => {
    const generated = await request(`${dl}/tokens/generate`, { method: 'POST', json: { locale: 'fr-FR' } });
    expect(generated.status).toBe(200);
    const { token, conversationId } = generated.body;
    const started = await request(`${dl}/conversations`, { method: 'POST', token, json: {} });
    expect(started.status).toBe(201);
    expect(started.body.conversationId).toBe(conversationId);
    const refreshed = await request(`${dl}/tokens/refresh`, { method: 'POST', token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.token).not.toBe(token);
    expect((await activities(conversationId, refreshed.body.token)).status).toBe(200);
  });

  it.each([
    ['no type', { text: 'hi' }, 400, 'invalid-activity'],
    ['an unknown type', { type: 'conversationUpdate' }, 400, 'invalid-activity'],
    ['an attachment', { type: 'message', attachments: [{ contentType: 'image/png' }] }, 400, 'invalid-activity'],
    ['a huge value', { type: 'message', value: { x: 'y'.repeat(9000) } }, 400, 'invalid-activity'],
    ['a too long text', { type: 'message', text: 'a'.repeat(20_001) }, 413, 'text-too-long'],
  ])('refuses an activity with %s', async (_name, activity, status, code) => {
    const { conversationId: id, token } = await open();
    const res = await request(`${dl}/conversations/${id}/activities`, { method: 'POST', token, json: activity });
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
  });

  it('streams the backlog and new activities over WebSocket', async () => {
    const { conversationId: id, token, streamUrl } = await open();
    const ws = new WebSocket(streamUrl!);
    const sets: { activities: { from: { role: string } }[]; watermark: string }[] = [];
    ws.on('message', (data) => sets.push(JSON.parse(String(data))));
    await new Promise((resolve) => ws.once('open', resolve));
    await expect.poll(() => sets.length).toBeGreaterThan(0);
    await say(id, token, { type: 'message', text: 'Passer' });
    await expect.poll(() => sets.flatMap((s) => s.activities).some((a) => a.from.role === 'user')).toBe(true);
    ws.close();
    const intruder = new WebSocket(streamUrl!.replace(/t=[^&]+/, 't=forged'));
    await expect(new Promise((_, reject) => intruder.once('error', reject))).rejects.toThrow(/403/);
  });

  it('refuses a bad watermark', async () => {
    const { conversationId: id, token } = await open();
    expect((await activities(id, token, '-1')).body.code).toBe('invalid-watermark');
  });

  it('erases a conversation on DELETE: the bot forgets it and the token finds nothing', async () => {
    const { conversationId: id, token } = await open();
    await say(id, token, { type: 'message', value: { choice: 'skip' } });
    const key = `directline/conversations/${id}/`;
    expect(Object.keys(await server.app.storage.read([key]))).toContain(key);
    expect((await request(`${dl}/conversations/${id}`, { method: 'DELETE', token })).status).toBe(204);
    expect((await activities(id, token)).status).toBe(404);
    expect(await server.app.storage.read([key])).toEqual({});
  });

  it('expires tokens and idle conversations', async () => {
    const { conversationId: id, token } = await open();
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 2 * 3600_000);
      expect((await activities(id, token)).status).toBe(403);
      vi.setSystemTime(Date.now() + server.config.stateTtlMs);
      const fresh = await request(`${dl}/tokens/generate`, { method: 'POST' });
      expect(fresh.status).toBe(200);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('conversation store limits', () => {
  it('drops idle conversations after the TTL and the least recently used past the maximum', () => {
    const store = createConversations({ ttlMs: 1000, maxConversations: 2, maxActivities: 3 });
    const a = store.create(0);
    const b = store.create(0);
    store.get(a.id, 10);
    store.create(20);
    expect(store.get(b.id, 30)).toBeUndefined();
    expect(store.get(a.id, 30)).toBe(a);
    expect(store.get(a.id, 2000)).toBeUndefined();
    const c = store.create(3000);
    store.append(
      c,
      [1, 2, 3, 4, 5].map((n) => ({ type: 'message', text: String(n) })),
      3000,
    );
    const page = store.since(c, 0);
    expect(page.activities.map((x) => x.text)).toEqual(['3', '4', '5']);
    expect(page.watermark).toBe('5');
  });
});
