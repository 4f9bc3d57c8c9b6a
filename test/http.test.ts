import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, startServer, type TestServer } from './harness/index.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

/** One user talking to the real server over HTTP with deliveryMode "expectReplies". */
function talker(locale: string, conversation = `http-${Math.random().toString(36).slice(2)}`) {
  return async (text: string) => {
    const res = await request(`${server.url}/api/messages`, {
      method: 'POST',
      json: {
        type: 'message',
        channelId: 'webchat',
        from: { id: 'user-1' },
        recipient: { id: 'bot' },
        conversation: { id: conversation },
        locale,
        deliveryMode: 'expectReplies',
        text,
      },
    });
    expect(res.status).toBe(200);
    return res.body.activities as {
      text?: string;
      locale?: string;
      channelData?: { node?: string; entry?: string };
      suggestedActions?: { actions: { title: string }[] };
    }[];
  };
}
const node = (replies: Awaited<ReturnType<ReturnType<typeof talker>>>) =>
  [...replies].reverse().find((r) => r.channelData?.node)?.channelData?.node;

describe('POST /api/messages with expectReplies', () => {
  it.each([
    ['fr-FR', ['bonjour', 'Gap', 'Santé', '3', '2', '2'], 'health.more', 'gap.pass-chicas'],
    ['en-GB', ['hello', 'Briancon', 'Housing', '1'], 'housing.more', 'briancon.refuges-solidaires'],
  ])('%s: a user reaches a local contact through a theme', async (locale, steps, waits, entry) => {
    const say = talker(locale);
    let replies: Awaited<ReturnType<typeof say>> = [];
    for (const text of steps) replies = await say(text);
    expect(node(replies)).toBe(waits);
    expect(replies.map((r) => r.channelData?.entry)).toContain(entry);
    expect(replies.every((r) => r.locale?.startsWith(locale.slice(0, 2)))).toBe(true);
  });

  it('keeps conversations apart', async () => {
    const a = talker('fr-FR');
    const b = talker('fr-FR');
    await a('bonjour');
    await a('Gap');
    expect(node(await a('Logement'))).toBe('housing.start');
    expect(node(await b('bonjour'))).toBe('main.commune');
  });

  it('refuses an activity without type or conversation with a 400 and details', async () => {
    const res = await request(`${server.url}/api/messages`, {
      method: 'POST',
      json: { text: 'hi', channelId: 'webchat' },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid-activity');
    expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining(['type', 'from', 'conversation']),
    );
  });

  it('never calls back a host off this machine when channel authentication is off', async () => {
    const res = await request(`${server.url}/api/messages`, {
      method: 'POST',
      json: {
        type: 'message',
        channelId: 'webchat',
        from: { id: 'u' },
        conversation: { id: 'c' },
        serviceUrl: 'https://example.org/',
        text: 'hi',
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid-service-url');
  });
});

describe('health', () => {
  it('answers /healthz and /readyz', async () => {
    expect((await request(`${server.url}/healthz`)).body).toEqual({ status: 'ok' });
    const ready = await request(`${server.url}/readyz`);
    expect(ready.body.checks).toMatchObject({ trees: 'ok', directory: 'ok', storage: 'ok' });
  });
});

describe('directory read API', () => {
  it('searches with typos and missing accents, nearest first', async () => {
    const res = await request(`${server.url}/api/directory/search?q=prefectur&lang=en`);
    expect(res.status).toBe(200);
    expect(res.body.results[0]).toMatchObject({
      id: 'gap.prefecture',
      stale: expect.any(Boolean),
      sources: expect.any(Array),
    });
    const local = await request(`${server.url}/api/directory/search?theme=work.job-search&commune=Brianson`);
    expect(local.body.results[0].id).toBe('briancon.france-travail');
    expect(local.body.results[0].phones.every((p: { href: string }) => p.href.startsWith('tel:'))).toBe(true);
  });

  it('groups the results by distance from a commune: in it, nearby, wider area, national', async () => {
    const res = await request(`${server.url}/api/directory/search?commune=Gap&limit=100`);
    type Result = { id: string; group?: string; distanceKm?: number; reach: string };
    const results = res.body.results as Result[];
    const byId = new Map(results.map((r) => [r.id, r]));
    expect(byId.get('gap.mds-bonne')).toMatchObject({ group: 'commune', distanceKm: 0, reach: 'place' });
    expect(byId.get('veynes.mds')).toMatchObject({ group: 'nearby', distanceKm: 20 });
    expect(byId.get('briancon.mds')).toMatchObject({ group: 'area', distanceKm: 58 });
    expect(byId.get('national.115')).toMatchObject({ group: 'national', reach: 'phone' });
    expect(byId.get('national.115')!.distanceKm).toBeUndefined();
    // Nearest first: what is in Gap comes before what is elsewhere.
    const firstElsewhere = results.findIndex((r) => r.group !== 'commune');
    expect(results.slice(firstElsewhere).some((r) => r.group === 'commune')).toBe(false);
    const plain = await request(`${server.url}/api/directory/search?limit=100`);
    expect(plain.body.results.some((r: Result) => r.group !== undefined || r.distanceKm !== undefined)).toBe(false);
  });

  it('never publishes what a source "attests": notes for editors only', async () => {
    const search = await request(`${server.url}/api/directory/search?limit=100`);
    const entry = await request(`${server.url}/api/directory/entries/national.115`);
    const hsds = await request(`${server.url}/api/directory/export.hsds.json`);
    expect(entry.body.sources[0]).toEqual({
      url: expect.any(String),
      title: expect.any(String),
      date: expect.any(String),
    });
    const attested = server.app.directory.get('national.115')!.sources[0].attests;
    for (const body of [search.body, entry.body, hsds.body]) {
      expect(JSON.stringify(body)).not.toContain('"attests"');
      expect(JSON.stringify(body)).not.toContain(attested);
    }
  });

  it('says how many entries declare the languages spoken there', async () => {
    const res = await request(`${server.url}/api/directory/languages`);
    const published = server.app.directory
      .entries()
      .filter((e) => e.status === 'published' || e.status === 'needs-verification');
    expect(res.body.total).toBe(published.length);
    expect(res.body.declaring).toBe(published.filter((e) => e.languagesSpoken.length).length);
    const ar = res.body.languages.find((l: { code: string }) => l.code === 'ar');
    expect(ar.count).toBe(published.filter((e) => e.languagesSpoken.includes('ar')).length);
  });

  it('pages through the results, with the total of all of them', async () => {
    const all = await request(`${server.url}/api/directory/search?theme=housing&limit=100`);
    const page = await request(`${server.url}/api/directory/search?theme=housing&limit=2&offset=1`);
    const ids = (res: typeof all) => res.body.results.map((r: { id: string }) => r.id);
    expect(all.body.total).toBe(all.body.results.length);
    expect(page.body.total).toBe(all.body.total);
    expect(ids(page)).toEqual(ids(all).slice(1, 3));
  });

  it.each([
    ['theme=castle', 'theme.0'],
    ['limit=0', 'limit'],
    ['lang=xx', 'lang'],
    ['openNow=maybe', 'openNow'],
    ['color=blue', 'color'],
  ])('answers 400 with details for %s', async (query, field) => {
    const res = await request(`${server.url}/api/directory/search?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid-parameter');
    expect(res.body.details.map((d: { field: string }) => d.field).join(' ')).toContain(field);
  });

  it('answers 400 for an unknown commune', async () => {
    const res = await request(`${server.url}/api/directory/search?commune=Atlantis`);
    expect(res).toMatchObject({ status: 400, body: { code: 'unknown-commune' } });
  });

  it('serves one entry, 404 for an unknown one, and vCards', async () => {
    expect((await request(`${server.url}/api/directory/entries/national.3919?lang=ar`)).body.phones[0].number).toBe(
      '3919',
    );
    expect((await request(`${server.url}/api/directory/entries/nope`)).status).toBe(404);
    const card = await request(`${server.url}/api/directory/entries/gap.pass-chicas/vcard`);
    expect(card.headers.get('content-type')).toContain('text/vcard');
    expect(card.body).toMatch(/^BEGIN:VCARD\r\nVERSION:4.0\r\n/);
    expect(card.body).toContain('TEL;VALUE=uri;TYPE=voice:tel:+33');
    const many = await request(`${server.url}/api/directory/export.vcf?ids=national.115,gap.pass-chicas`);
    expect(many.body.match(/BEGIN:VCARD/g)).toHaveLength(2);
  });

  it('exports CSV with the same filters', async () => {
    const csv = await request(`${server.url}/api/directory/export.csv?theme=health.pass`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = String(csv.body)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toMatch(/^id,name,themes/);
    expect(lines.some((l) => l.startsWith('gap.pass-chicas,'))).toBe(true);
  });

  it('publishes an OpenAPI 3 document that names every route', async () => {
    const doc = (await request(`${server.url}/api/openapi.json`)).body;
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/directory/search', '/api/directory/entries/{id}', '/api/directory/export.csv']),
    );
  });

  it('sees an admin change at once, without a restart', async () => {
    await server.app.directory.update((d) => {
      const e = d.entries.find((x) => x.id === 'gap.pass-chicas')!;
      e.summary.fr = 'Résumé modifié pour le test.';
    });
    const res = await request(`${server.url}/api/directory/entries/gap.pass-chicas`);
    expect(res.body.summary.text).toBe('Résumé modifié pour le test.');
  });
});
