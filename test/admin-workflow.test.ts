import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryStorage } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { validateDirectory } from '../src/directory/validate.js';
import { parisToday } from '../src/common/time.js';
import { answerOf, startServer, type TestServer } from './harness/index.js';

const PASSWORD = 'Correct-Horse-42-battery';
let server: TestServer;
let app: App;
let url: string;
let stateDir: string;
let directoryFile: string;
let session: { cookie: string; csrf: string };

async function call(
  method: string,
  path: string,
  { body, headers = {}, auth = true }: { body?: unknown; headers?: Record<string, string>; auth?: boolean } = {},
) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(auth ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return answerOf(res);
}
const entry = async (id: string) => (await call('GET', `/api/admin/entries/${id}`)).json.entry;

beforeAll(async () => {
  server = await startServer({
    storage: new MemoryStorage(),
    accounts: [
      { email: 'admin@example.org', role: 'admin', name: 'Alice Admin', password: PASSWORD },
      { email: 'target@example.org', role: 'editor', name: 'Target', password: PASSWORD },
    ],
  });
  ({ app, url, stateDir, directoryFile } = server);
  const res = await call('POST', '/api/admin/login', {
    auth: false,
    body: { email: 'admin@example.org', password: PASSWORD },
  });
  session = { cookie: res.headers.get('set-cookie')!.split(';')[0], csrf: res.json.csrf };
});

afterAll(() => server?.close());

describe('history and restore', () => {
  it('records who changed which field, and restores an earlier version as a new one', async () => {
    const v1 = await entry('gap.mds-bonne');
    const first = await call('PATCH', '/api/admin/entries/gap.mds-bonne', {
      body: { version: v1.version, phones: [{ number: '+33492000000' }] },
    });
    expect(first.status, first.text).toBe(200);
    await call('PATCH', '/api/admin/entries/gap.mds-bonne', {
      body: { version: v1.version + 1, name: 'MDS Bonne (nouveau nom)' },
    });
    const { history } = (await call('GET', '/api/admin/entries/gap.mds-bonne/history')).json;
    expect(history.map((r: { action: string; version: number }) => [r.action, r.version])).toEqual([
      ['update', v1.version + 2],
      ['update', v1.version + 1],
    ]);
    expect(history[1]).toMatchObject({ actor: 'admin@example.org', fromVersion: v1.version });
    expect(history[1].changes).toEqual([
      { field: 'phones.0.number', before: v1.phones[0].number, after: '+33492000000' },
    ]);
    expect(history[1].before.phones[0].number).toBe(v1.phones[0].number);

    const restored = await call('POST', '/api/admin/entries/gap.mds-bonne/restore-version', {
      body: { version: v1.version },
      headers: { 'if-match': `"${v1.version + 2}"` },
    });
    expect(restored.status, restored.text).toBe(200);
    expect(restored.json.entry).toMatchObject({ version: v1.version + 3, name: v1.name, phones: v1.phones });
    const missing = await call('POST', '/api/admin/entries/gap.mds-bonne/restore-version', {
      body: { version: 99 },
      headers: { 'if-match': `"${v1.version + 3}"` },
    });
    expect(missing.status).toBe(404);
    const audit = readFileSync(join(stateDir, 'admin', 'audit.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(audit.at(-1)).toMatchObject({ action: 'restore-version', entryId: 'gap.mds-bonne' });
  });

  it('shows the change to the bot at once (search index listens to the store)', async () => {
    const before = await entry('gap.mds-cezanne');
    await call('PATCH', '/api/admin/entries/gap.mds-cezanne', {
      body: { version: before.version, phones: [{ number: '+33492000001' }] },
    });
    const hit = app
      .index()
      .search({ themes: ['rights.access'], limit: 100 })
      .find((h) => h.entry.id === 'gap.mds-cezanne');
    expect(hit?.entry.phones[0].number).toBe('+33492000001');
  });
});

describe('review', () => {
  it('records a verification with evidence only after confirmation, then the entry leaves the review queue', async () => {
    const queue = (await call('GET', '/api/admin/review-queue')).json.entries;
    const item = queue.find((e: { id: string }) => e.id === 'gap.maison-medicale-de-garde');
    expect(item.reasons).toEqual(['needs-verification', 'stale']);
    const path = '/api/admin/entries/gap.maison-medicale-de-garde/verify';
    const headers = { 'if-match': `"${item.version}"` };
    // No evidence: refused. Evidence without the confirmation step: a preview, nothing written.
    expect((await call('POST', path, { headers, body: {} })).status).toBe(400);
    const preview = await call('POST', path, { headers, body: { method: 'phone', note: 'accueil joint' } });
    expect(preview.json.preview).toMatchObject({ verifiedAt: parisToday(), by: 'Alice Admin', status: 'published' });
    expect(app.directory.get('gap.maison-medicale-de-garde')!.version).toBe(item.version);
    const res = await call('POST', path, { headers, body: { method: 'phone', note: 'accueil joint', confirm: true } });
    expect(res.json.entry).toMatchObject({ verifiedAt: parisToday(), verifiedBy: 'Alice Admin', status: 'published' });
    expect(res.json.entry.verifications.at(-1)).toMatchObject({
      method: 'phone',
      by: 'Alice Admin',
      note: 'accueil joint',
    });
    const after = (await call('GET', '/api/admin/review-queue')).json.entries;
    expect(after.some((e: { id: string }) => e.id === 'gap.maison-medicale-de-garde')).toBe(false);
  });

  it('publishes a draft and lists drafts in the queue', async () => {
    const draft = {
      id: 'gap.review-draft',
      name: 'Brouillon',
      kind: 'association',
      themes: ['basic.food'],
      summary: { fr: 'x' },
      area: { level: 'departement', codes: ['05'] },
      sources: [{ url: 'https://example.org', title: 't', date: '2025', attests: 'a' }],
    };
    await call('POST', '/api/admin/entries', { body: draft });
    const queued = (await call('GET', '/api/admin/review-queue')).json.entries.find(
      (e: { id: string }) => e.id === 'gap.review-draft',
    );
    expect(queued.reasons).toEqual(['draft']);
    const res = await call('POST', '/api/admin/entries/gap.review-draft/publish', { body: { version: 1 } });
    expect(res.json.entry.status).toBe('published');
  });
});

describe('import and export', () => {
  it('exports CSV that imports back unchanged', async () => {
    const csv = await call('GET', '/api/admin/export.csv');
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(csv.text.split('\n')[0]).toMatch(/^\ufeff?id,name,organization,kind,themes/);
    const dry = await call('POST', '/api/admin/import?dryRun=true', {
      body: csv.text,
      headers: { 'content-type': 'text/csv' },
    });
    expect(dry.status, dry.text).toBe(200);
    expect(dry.json).toMatchObject({
      dryRun: true,
      created: [],
      changed: [],
      archived: [],
      problems: [],
      conflicts: [],
    });
    expect(dry.json.unchanged.length).toBe(app.directory.entries().length);
    const json = await call('GET', '/api/admin/export.json');
    const again = await call('POST', '/api/admin/import?dryRun=true', { body: json.text });
    expect(again.json.unchanged.length).toBe(app.directory.entries().length);
  });

  it('previews field by field without writing, then applies in one validated write', async () => {
    const current = await entry('briancon.mapemonde');
    const rows = [
      { ...current, accessibility: 'Rampe' },
      { ...current, id: 'briancon.nouvelle', name: 'Nouvelle fiche', version: undefined },
    ];
    const fileBefore = readFileSync(directoryFile, 'utf8');
    const dry = await call('POST', '/api/admin/import?dryRun=true', { body: rows });
    expect(dry.json.changed).toEqual([
      { id: 'briancon.mapemonde', fromVersion: current.version, changes: [{ field: 'accessibility', after: 'Rampe' }] },
    ]);
    expect(dry.json.created.map((c: { id: string }) => c.id)).toEqual(['briancon.nouvelle']);
    expect(readFileSync(directoryFile, 'utf8')).toBe(fileBefore);

    const invalid = await call('POST', '/api/admin/import', {
      body: [...rows, { ...current, id: 'x.bad', phones: [{ number: '0492' + 'abc' }] }],
    });
    expect(invalid.status).toBe(400);
    expect(invalid.json.details).toEqual([expect.objectContaining({ entry: 'x.bad', field: 'phones.0.number' })]);
    expect(readFileSync(directoryFile, 'utf8')).toBe(fileBefore);

    const applied = await call('POST', '/api/admin/import', { body: { entries: rows } });
    expect(applied.status, applied.text).toBe(200);
    expect((await entry('briancon.mapemonde')).accessibility).toBe('Rampe');
    expect(validateDirectory(JSON.parse(readFileSync(directoryFile, 'utf8'))).problems).toEqual([]);
    const stale = await call('POST', '/api/admin/import', { body: [{ ...current, accessibility: 'autre' }] });
    expect(stale.status).toBe(409);
  });

  it('previews archiving the entries missing from the file', async () => {
    const dry = await call('POST', '/api/admin/import?dryRun=true&archiveMissing=true', {
      body: [await entry('national.112')],
    });
    expect(dry.json.archived.length).toBeGreaterThan(50);
    expect(dry.json.archived.some((a: { id: string }) => a.id === 'national.112')).toBe(false);
  });

  it('answers 413 for a body over the limit and 415 for an unknown type', async () => {
    const big = await call('POST', '/api/admin/entries', {
      body: JSON.stringify({ id: 'x', name: 'y'.repeat(70_000) }),
    });
    expect(big.status).toBe(413);
    const huge = await call('POST', '/api/admin/import?dryRun=true', {
      body: JSON.stringify([{ id: 'x', name: 'y'.repeat(9 * 1024 * 1024) }]),
    });
    expect([huge.status, huge.json?.code]).toEqual([413, 'payload-too-large']);
    const anonymous = await call('POST', '/api/admin/import?dryRun=true', {
      auth: false,
      body: JSON.stringify([{ id: 'x', name: 'y'.repeat(70_000) }]),
    });
    expect(anonymous.status).toBe(413);
    const xml = await call('POST', '/api/admin/import?dryRun=true', {
      body: '<x/>',
      headers: { 'content-type': 'application/xml' },
    });
    expect(xml.status).toBe(415);
  });
});

describe('login rate limiting', () => {
  it('answers 429 with Retry-After after 5 failures on an account, even with the right password', async () => {
    for (let i = 0; i < 5; i++) {
      expect(
        (
          await call('POST', '/api/admin/login', {
            auth: false,
            body: { email: 'target@example.org', password: `wrong-${i}` },
          })
        ).status,
      ).toBe(401);
    }
    const blocked = await call('POST', '/api/admin/login', {
      auth: false,
      body: { email: 'target@example.org', password: PASSWORD },
    });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(blocked.json.code).toBe('too-many-attempts');
    expect(
      (
        await call('POST', '/api/admin/login', {
          auth: false,
          body: { email: 'admin@example.org', password: PASSWORD },
        })
      ).status,
    ).toBe(200);
  });
});
