import { readFileSync } from 'node:fs';
import { MemoryStorage } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateDirectory } from '../src/directory/validate.js';
import { answerOf, startServer, type TestServer } from './harness/index.js';

const PASSWORD = 'Correct-Horse-42-battery';
const ORG = 'Centre hospitalier intercommunal des Alpes du Sud (CHICAS)';

let server: TestServer;
let url: string;
let directoryFile: string;

interface Session {
  cookie: string;
  csrf: string;
}
interface Reply {
  status: number;
  headers: Headers;
  json: any;
  text: string;
}

async function call(
  method: string,
  path: string,
  { body, session, headers = {} }: { body?: unknown; session?: Session; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return answerOf(res);
}

async function login(email: string, password = PASSWORD): Promise<Session> {
  const res = await call('POST', '/api/admin/login', { body: { email, password } });
  expect(res.status, res.text).toBe(200);
  const cookie = res.headers.get('set-cookie')!.split(';')[0];
  return { cookie, csrf: res.json.csrf };
}

const fileEntries = () =>
  JSON.parse(readFileSync(directoryFile, 'utf8')).entries as {
    id: string;
    version: number;
    phones: { number: string }[];
  }[];

beforeAll(async () => {
  server = await startServer({
    storage: new MemoryStorage(),
    accounts: [
      { email: 'admin@example.org', role: 'admin', name: 'Alice Admin', password: PASSWORD },
      { email: 'editor@example.org', role: 'editor', name: 'Eddie', organizations: [ORG], password: PASSWORD },
      { email: 'limited@example.org', role: 'editor', name: 'Lim', password: PASSWORD },
    ],
  });
  ({ url, directoryFile } = server);
});

afterAll(() => server?.close());

describe('admin sign-in', () => {
  it('sets an HttpOnly SameSite=Strict cookie, answers /me, and logs out', async () => {
    const res = await call('POST', '/api/admin/login', { body: { email: 'Admin@Example.org', password: PASSWORD } });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).not.toMatch(/Secure/i); // plain http here
    expect(res.json.user).toMatchObject({ email: 'admin@example.org', role: 'admin' });
    expect(res.json.user.hash).toBeUndefined();
    const session = { cookie: cookie.split(';')[0], csrf: res.json.csrf };
    expect((await call('GET', '/api/admin/me', { session })).json.user.email).toBe('admin@example.org');
    expect((await call('POST', '/api/admin/logout', { session })).status).toBe(204);
    expect((await call('GET', '/api/admin/me', { session })).status).toBe(401);
  });

  it('marks the cookie Secure behind an https proxy', async () => {
    const res = await call('POST', '/api/admin/login', {
      body: { email: 'admin@example.org', password: PASSWORD },
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(res.headers.get('set-cookie')).toMatch(/; Secure/i);
  });

  it('serves the page with a CSP and no inline script, and its texts from locales', async () => {
    const page = await call('GET', '/admin');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect((await call('GET', '/admin/app.js')).headers.get('content-type')).toMatch(/javascript/);
    expect((await call('GET', '/admin/..%2Fpackage.json')).status).toBe(404);
    const texts = await call('GET', '/api/admin/i18n?lang=en');
    expect(texts.json.texts['admin.login.submit']).toBe('Sign in');
    expect(Object.keys(texts.json.texts).every((k) => k.startsWith('admin.') || k.startsWith('themes.'))).toBe(true);
  });

  it.each([
    ['wrong password', { email: 'admin@example.org', password: 'nope-nope-nope' }, 401, 'bad-credentials'],
    ['unknown account', { email: 'ghost@example.org', password: PASSWORD }, 401, 'bad-credentials'],
    ['missing field', { email: 'admin@example.org' }, 400, 'invalid-login'],
  ])('refuses a %s', async (_name, body, status, code) => {
    const res = await call('POST', '/api/admin/login', { body });
    expect(res.status).toBe(status);
    expect(res.json.code).toBe(code);
  });

  it('refuses requests without a session, a CSRF token, from another origin, or not in JSON', async () => {
    expect((await call('GET', '/api/admin/entries')).status).toBe(401);
    const session = await login('admin@example.org');
    const noCsrf = await call('POST', '/api/admin/entries/gap.pass-chicas/verify', {
      session: { ...session, csrf: 'forged' },
    });
    expect([noCsrf.status, noCsrf.json.code]).toEqual([403, 'bad-csrf-token']);
    const foreign = await call('POST', '/api/admin/entries/gap.pass-chicas/verify', {
      session,
      headers: { origin: 'https://evil.example' },
    });
    expect([foreign.status, foreign.json.code]).toEqual([403, 'bad-origin']);
    const form = await call('PATCH', '/api/admin/entries/gap.pass-chicas', {
      session,
      body: 'name=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
  });
});

describe('admin entries', () => {
  it('lists with filters and gets one entry with its version as ETag', async () => {
    const session = await login('admin@example.org');
    const list = await call('GET', '/api/admin/entries?q=chicas&status=needs-verification&theme=health', { session });
    expect(list.json.entries.map((e: { id: string }) => e.id)).toEqual(['gap.pass-chicas']);
    const bad = await call('GET', '/api/admin/entries?status=nonsense', { session });
    expect(bad.status).toBe(400);
    const one = await call('GET', '/api/admin/entries/gap.pass-chicas', { session });
    expect(one.headers.get('etag')).toBe(`"${one.json.entry.version}"`);
    expect((await call('GET', '/api/admin/entries/no.such-entry', { session })).status).toBe(404);
  });

  it('answers 400 with field details and writes nothing for an invalid phone', async () => {
    const session = await login('admin@example.org');
    const { json } = await call('GET', '/api/admin/entries/gap.pass-chicas', { session });
    const res = await call('PATCH', '/api/admin/entries/gap.pass-chicas', {
      session,
      headers: { 'if-match': `"${json.entry.version}"` },
      body: { phones: [{ number: '12' + 'x' }] },
    });
    expect(res.status).toBe(400);
    expect(res.json.details).toEqual([expect.objectContaining({ field: 'phones.0.number' })]);
    expect(fileEntries().find((e) => e.id === 'gap.pass-chicas')!.version).toBe(json.entry.version);
  });

  it('requires a version, and answers 409 with the current version when it is stale', async () => {
    const session = await login('admin@example.org');
    const missing = await call('PATCH', '/api/admin/entries/national.3039', { session, body: { name: 'Numéro 3039' } });
    expect(missing.status).toBe(428);
    const current = (await call('GET', '/api/admin/entries/national.3039', { session })).json.entry.version;
    const ok = await call('PATCH', '/api/admin/entries/national.3039', {
      session,
      body: { version: current, accessibility: 'Relais téléphonique pour les sourds' },
    });
    expect(ok.status).toBe(200);
    expect(ok.json.entry.version).toBe(current + 1);
    expect(Date.parse(ok.json.entry.updatedAt)).toBeGreaterThan(Date.now() - 60_000);
    const stale = await call('PATCH', '/api/admin/entries/national.3039', {
      session,
      body: { version: current, accessibility: 'autre' },
    });
    expect(stale.status).toBe(409);
    expect(stale.json.details.currentVersion).toBe(current + 1);
  });

  it('lets one of many parallel PATCHes win; the others get 409 and the file stays valid', async () => {
    const session = await login('admin@example.org');
    const { version } = (await call('GET', '/api/admin/entries/gap.cidff', { session })).json.entry;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call('PATCH', '/api/admin/entries/gap.cidff', {
          session,
          headers: { 'if-match': `"${version}"` },
          body: { accessibility: `writer ${i}` },
        }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const file = JSON.parse(readFileSync(directoryFile, 'utf8'));
    expect(validateDirectory(file).problems).toEqual([]);
    expect(file.entries.find((e: { id: string }) => e.id === 'gap.cidff').version).toBe(version + 1);
  });

  it('serialises parallel writes to different entries: all succeed, none lost', async () => {
    const session = await login('admin@example.org');
    const ids = [
      'laragne.mds',
      'embrun.mds',
      'briancon.mds',
      'veynes.mds',
      'national.3928',
      'national.3646',
      'national.3230',
      'gap.prefecture',
    ];
    const before = new Map(ids.map((id) => [id, fileEntries().find((e) => e.id === id)!.version]));
    const results = await Promise.all(
      ids.map((id) =>
        call('PATCH', `/api/admin/entries/${id}`, {
          session,
          body: { version: before.get(id), accessibility: `parallel ${id}` },
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(ids.map(() => 200));
    const file = JSON.parse(readFileSync(directoryFile, 'utf8'));
    expect(validateDirectory(file).problems).toEqual([]);
    for (const id of ids)
      expect(file.entries.find((e: { id: string }) => e.id === id)).toMatchObject({
        version: before.get(id)! + 1,
        accessibility: `parallel ${id}`,
      });
  });

  it('creates, replaces (PUT), archives and restores an entry', async () => {
    const session = await login('admin@example.org');
    const draft = {
      id: 'gap.test-asso',
      name: 'Association test',
      kind: 'association',
      themes: ['basic.food'],
      summary: { fr: 'Aide alimentaire.' },
      area: { level: 'departement', codes: ['05'] },
      sources: [{ url: 'https://example.org', title: 'Site', date: '2025', attests: 'existence' }],
    };
    const created = await call('POST', '/api/admin/entries', { session, body: draft });
    expect(created.status, created.text).toBe(201);
    expect(created.json.entry).toMatchObject({ version: 1, status: 'draft', verifiedBy: 'Alice Admin' });
    expect((await call('POST', '/api/admin/entries', { session, body: draft })).status).toBe(409);
    const put = await call('PUT', '/api/admin/entries/gap.test-asso', {
      session,
      body: { ...created.json.entry, name: 'Association test 2' },
    });
    expect(put.json.entry).toMatchObject({ name: 'Association test 2', version: 2 });
    const archived = await call('POST', '/api/admin/entries/gap.test-asso/archive', {
      session,
      headers: { 'if-match': '"2"' },
    });
    expect(archived.json.entry.status).toBe('archived');
    const restored = await call('POST', '/api/admin/entries/gap.test-asso/restore', {
      session,
      headers: { 'if-match': '"3"' },
    });
    expect(restored.json.entry).toMatchObject({ status: 'draft', version: 4 });
  });
});

describe('editor rights', () => {
  it('lets an editor edit their organisation only (403 elsewhere)', async () => {
    const session = await login('editor@example.org');
    const own = (await call('GET', '/api/admin/entries/gap.pass-chicas', { session })).json;
    expect(own.editable).toBe(true);
    const ok = await call('PATCH', '/api/admin/entries/gap.pass-chicas', {
      session,
      body: { version: own.entry.version, accessibility: 'Accès de plain-pied' },
    });
    expect(ok.status, ok.text).toBe(200);
    const other = (await call('GET', '/api/admin/entries/gap.cidff', { session })).json.entry;
    const refused = await call('PATCH', '/api/admin/entries/gap.cidff', {
      session,
      body: { version: other.version, accessibility: 'x' },
    });
    expect(refused.status).toBe(403);
    const moved = await call('PATCH', '/api/admin/entries/gap.pass-chicas', {
      session,
      body: { version: ok.json.entry.version, organization: 'Autre organisme' },
    });
    expect(moved.status).toBe(403);
    expect((await call('POST', '/api/admin/import?dryRun=true', { session, body: [] })).status).toBe(403);
    const limited = await login('limited@example.org');
    expect(
      (
        await call('POST', '/api/admin/entries/gap.pass-chicas/verify', {
          session: limited,
          headers: { 'if-match': `"${ok.json.entry.version}"` },
        })
      ).status,
    ).toBe(403);
  });
});
