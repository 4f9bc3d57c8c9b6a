import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIO_CARD, spokenText } from '../src/dialogs/listen.js';
import { conversation, type Reply } from './helpers/app.js';
import { request, startServer, type TestServer } from './helpers/server.js';

/** The audio URLs a turn's answers carry, and whether each starts by itself. */
const cards = (replies: Reply[]) =>
  replies.flatMap((r) =>
    (r.attachments ?? [])
      .filter((a) => a.contentType === AUDIO_CARD)
      .map((a) => a.content as { media: { url: string }[]; autostart: boolean }),
  );

async function housingAnswer(server: TestServer, locale: string) {
  const c = conversation(server.app, { locale });
  await c.start();
  await c.press({ choice: 'skip' });
  await c.press({ choice: 'housing' });
  return { c, replies: await c.press({ choice: 'no' }) };
}

describe('GET /api/audio/:lng/:hash: only texts this server rendered', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ AUDIO_WORKERS: '1', AUDIO_QUEUE: '0' });
  });
  afterAll(() => server?.close());

  it('every answer and contact card of the Arabic housing answer has a listen card that plays MP3', async () => {
    const { replies } = await housingAnswer(server, 'ar-SA');
    const messages = replies.filter((r) => r.type === 'message');
    expect(messages.length).toBeGreaterThan(3);
    expect(cards(messages)).toHaveLength(messages.length);
    const url = cards(messages)[0].media[0].url;
    expect(url).toMatch(/^\/api\/audio\/ar\/ar-[\w-]{32}$/);
    const res = await fetch(`${server.url}${url}`);
    const body = Buffer.from(await res.arrayBuffer());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/mpeg');
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect(body[0]).toBe(0xff); // an MPEG audio frame
    expect(body.length).toBeGreaterThan(8000); // seconds of speech at 4 KB/s
    const etag = res.headers.get('etag')!;
    const again = await fetch(`${server.url}${url}`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    const part = await fetch(`${server.url}${url}`, { headers: { range: 'bytes=0-99' } });
    expect(part.status).toBe(206);
    expect((await part.arrayBuffer()).byteLength).toBe(100);
  });

  it('refuses text it did not render (404) and garbage (400)', async () => {
    const unknown = await request(`${server.url}/api/audio/fr/fr-${'A'.repeat(32)}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('unknown-text');
    for (const path of ['fr/hello', 'xx/xx-' + 'A'.repeat(32), 'fr/ar-' + 'A'.repeat(32), 'fr/..%2F..%2Fetc']) {
      const res = await request(`${server.url}/api/audio/${path}`);
      expect([400, 404], path).toContain(res.status);
      expect(res.body.code, path).toMatch(/invalid-parameter|unknown-text|not-found/);
    }
    expect((await request(`${server.url}/api/audio/fr/hello`)).status).toBe(400);
  });

  it('answers 503 with Retry-After when synthesis is busy and the queue is full', async () => {
    const { replies } = await housingAnswer(server, 'uk-UA');
    const urls = cards(replies).map((c) => c.media[0].url);
    const statuses = await Promise.all(urls.slice(0, 3).map((u) => fetch(`${server.url}${u}`)));
    const busy = statuses.filter((r) => r.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    expect(busy[0].headers.get('retry-after')).toBe('5');
    expect(statuses.some((r) => r.status === 200)).toBe(true);
  });

  it('Pashto has no voice: no listen card, and asking for read-aloud says so in Pashto', async () => {
    const { c, replies } = await housingAnswer(server, 'ps-AF');
    expect(cards(replies)).toEqual([]);
    await c.press({ choice: 'menu' });
    const answer = await c.press({ choice: 'audio' });
    expect(answer.map((r) => r.text)).toContain(server.app.catalog.texts.ps['audio.no-voice']);
    expect((await request(`${server.url}/api/audio/voices`)).body).toMatchObject({ ps: 'none', ti: 'synthetic' });
  });

  it('read-aloud: once set, the first answer of each turn starts playing by itself', async () => {
    const c = conversation(server.app, { locale: 'ti-ER' });
    await c.start();
    await c.press({ choice: 'skip' });
    await c.press({ choice: 'audio' });
    const on = await c.press({ choice: 'on' });
    expect(cards(on)[0].autostart).toBe(true);
    const next = await c.press({ choice: 'housing' });
    expect(cards(next).map((x) => x.autostart)).toEqual([true]);
  });

  it('never reads aloud what the user typed, nor the sources', async () => {
    const c = conversation(server.app, { locale: 'fr-FR' });
    await c.start();
    await c.press({ choice: 'skip' });
    await c.press({ choice: 'contacts' });
    const replies = await c.say('zorglubvelo');
    const t = server.app.catalog.t('fr');
    expect(replies.some((r) => r.text?.includes('zorglubvelo'))).toBe(true); // shown, never said
    for (const r of replies) expect(spokenText(r, t).text).not.toContain('zorglubvelo');
    const { replies: housing } = await housingAnswer(server, 'fr-FR');
    const tonight = housing.find((r) => r.text?.startsWith(t('housing.tonight.text')))!;
    expect(spokenText(tonight, t)).toEqual({ text: t('housing.tonight.text'), main: t('housing.tonight.text') });
  });

  it('a directory card is heard from the directory page: registered, then redirected to its audio', async () => {
    const id = server.app.index().page({ limit: 1, offset: 0 }).hits[0].entry.id;
    const res = await fetch(`${server.url}/api/directory/entries/${id}/audio?lang=ti`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/api\/audio\/ti\/ti-[\w-]{32}$/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const none = await request(`${server.url}/api/directory/entries/${id}/audio?lang=ps`);
    expect(none.status).toBe(404);
    expect(none.body.code).toBe('no-voice');
    expect((await request(`${server.url}/api/directory/entries/nope/audio?lang=fr`)).status).toBe(404);
  });
});
