import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needLabels, needNode } from '../src/engine/needLabels.js';
import type { CardPayload } from '../src/dialogs/counterCard.js';
import { FORGET_EVENT } from '../src/common/traces.js';
import { afterTown, conversation, entriesShown, startServer, type Reply, type TestServer } from './harness/index.js';

/** The counter card links of these replies, decoded. */
function cards(replies: Reply[]): { url: string; payload: CardPayload }[] {
  return replies
    .flatMap((r) =>
      (r.attachments ?? []).flatMap((a) => (a.content as { buttons?: { value: string }[] }).buttons ?? []),
    )
    .filter((b) => typeof b.value === 'string' && b.value.startsWith('/carte#'))
    .map((b) => ({
      url: b.value,
      payload: JSON.parse(Buffer.from(b.value.slice('/carte#'.length), 'base64url').toString()) as CardPayload,
    }));
}

describe('take it with you (issue 18): server side', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it('names the need of every contact list from the trees (described needs first)', () => {
    const { graph, catalog } = server.app;
    const labels = needLabels(graph);
    const lists = [...graph.nodes].filter(([, n]) => n.kind === 'resources').map(([id]) => id);
    const unnamed = lists.filter((id) => !labels.has(id));
    expect(unnamed).toEqual(['main.lost-contacts']);
    for (const [id, key] of labels) expect(catalog.texts.fr[key], `${id} → ${key}`).toBeTypeOf('string');
    expect(labels.get('rights.renew-contacts')).toBe('common.intent.rights.renew-when');
    expect(labels.get('rights.asylum-contacts')).toBe('common.intent.rights.asylum');
    // The need entered in the turn wins over the list's own: a first permit is not "renew".
    expect(needNode(graph, labels, ['rights.permit', 'rights.permit-bpi', 'rights.permit-contacts'])).toBe(
      'rights.permit',
    );
    expect(needNode(graph, labels, ['rights.renew-prepare', 'rights.renew-contacts'])).toBe('rights.renew-contacts');
  });

  it.each([
    ['webchat', 1],
    ['directline', 1],
    ['sms', 0],
  ])('on %s, contacts end with %i counter card link holding only ids', async (channelId, count) => {
    const c = await afterTown(server.app, 'Gap', { channelId, locale: 'fa-AF' });
    await c.press({ choice: 'rights' });
    await c.press({ choice: 'asylum-seeker' });
    const replies = await c.press({ choice: 'legal' });
    const found = cards(replies);
    expect(found).toHaveLength(count);
    if (!count) return;
    expect(found[0].payload).toEqual({ n: 'rights.legal', c: '05061', l: 'fa', e: entriesShown(replies) });
    expect(found[0].url.length).toBeLessThan(400);
  });

  it('tells the web page when the person is forgotten, so the phone forgets too', async () => {
    const c = conversation(server.app, { channelId: 'directline', locale: 'fr-FR' });
    await c.start();
    await c.say('oublie-moi');
    const replies = await c.press({ command: 'forget' });
    expect(replies.some((r) => r.type === 'event' && r.name === FORGET_EVENT)).toBe(true);
  });

  it('serves the first screen as plain HTML: language buttons, French texts, emergency numbers', async () => {
    const { catalog } = server.app;
    for (const path of ['/', '/urgences']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status).toBe(200);
      const html = (await res.text()).replaceAll('&#39;', "'");
      const tels = [...html.matchAll(/href="tel:(\d+)"/g)].map((m) => m[1]);
      expect(tels, path).toEqual(expect.arrayContaining(['112', '15', '17', '18', '115', '3919', '119', '3114']));
      expect(html).toContain(`>${catalog.texts.fr['web.emergency.title']}<`);
      // What the number is for (French until the page's script puts it in the person's language), then the service's name.
      const samu = catalog.texts.fr['common.emergency.button.15'].replace('{{number}}', '15');
      expect(html).toContain(
        `<a href="tel:15" data-emergency="15">${samu}</a> <span class="official" lang="fr" dir="ltr">`,
      );
      if (path === '/') {
        expect(html.match(/<button type="button" class="language"/g)).toHaveLength(8);
        expect(html).toContain('data-lng="fa">دری</button>');
        expect(html).toContain(`>${catalog.texts.fr['web.chat.picker.title']}<`);
      }
    }
  });

  it('serves the needs texts, the counter card, the manifest and the service worker at the root', async () => {
    const needs = (await (await fetch(`${server.url}/api/i18n/fa/needs`)).json()) as Record<string, string>;
    expect(needs['rights.renew-contacts']).toBe(server.app.catalog.t('fa')('common.intent.rights.renew-when'));
    expect((await fetch(`${server.url}/api/i18n/xx/needs`)).status).toBe(404);
    const sw = await fetch(`${server.url}/sw.js`);
    expect(sw.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(sw.headers.get('cache-control')).toBe('no-cache');
    const manifest = (await (await fetch(`${server.url}/manifest.webmanifest`)).json()) as Record<string, unknown>;
    expect(manifest).toMatchObject({ start_url: '/', scope: '/', display: 'standalone' });
    expect((await fetch(`${server.url}/carte`)).status).toBe(200);
    expect((await fetch(`${server.url}/static/vendor/qrcode.mjs`)).headers.get('content-type')).toMatch(
      /^text\/javascript/,
    );
  });
});
