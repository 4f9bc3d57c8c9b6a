// Issue 21: attacks on the admin (prototype pollution, login throttling, CSV formulas, editors' reach, audit order).
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStorage } from 'botbuilder';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAccounts } from '../src/admin/accounts.js';
import { createLoginLimiter } from '../src/admin/loginLimiter.js';
import { createApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/common/logger.js';
import { ROOT } from './helpers/app.js';
import { answerOf } from './harness/index.js';

const PASSWORD = 'Correct-Horse-42-battery';
const ORG = 'Centre hospitalier intercommunal des Alpes du Sud (CHICAS)';
const polluted = () => ({}) as Record<string, unknown>;

interface Admin {
  app: App;
  url: string;
  stateDir: string;
  directoryFile: string;
  close(): Promise<void>;
}

/** An app on a copy of the directory, with an admin and an editor of ORG; `prepare` runs on STATE_DIR first. */
async function startAdmin(env: Record<string, string> = {}, prepare?: (stateDir: string) => void): Promise<Admin> {
  const tmp = mkdtempSync(join(tmpdir(), 'passerelle-hardening-'));
  const directoryFile = join(tmp, 'directory.json');
  copyFileSync(join(ROOT, 'data/directory.json'), directoryFile);
  const stateDir = join(tmp, 'state');
  const accounts = openAccounts(stateDir);
  await accounts.add({ email: 'admin@example.org', role: 'admin', name: 'Alice Admin' }, PASSWORD);
  await accounts.add({ email: 'editor@example.org', role: 'editor', name: 'Eddie', organizations: [ORG] }, PASSWORD);
  prepare?.(stateDir);
  const config = loadConfig({ ...env, DIRECTORY_FILE: directoryFile, STATE_DIR: stateDir, LOG_LEVEL: 'silent' }, ROOT);
  const app = await createApp(config, { logger: createLogger('silent'), storage: new MemoryStorage() });
  await new Promise<void>((done) => app.server.listen(0, '127.0.0.1', () => done()));
  return {
    app,
    url: `http://127.0.0.1:${app.server.address().port}`,
    stateDir,
    directoryFile,
    async close() {
      await app.close();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

interface Session {
  cookie: string;
  csrf: string;
}

function caller(a: () => Admin) {
  const call = async (
    method: string,
    path: string,
    opts: { body?: unknown; session?: Session; headers?: Record<string, string>; type?: string } = {},
  ) => {
    const { body, session, headers = {}, type = 'application/json' } = opts;
    const res = await fetch(`${a().url}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': type }),
        ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return answerOf(res);
  };
  const login = async (email: string, headers: Record<string, string> = {}): Promise<Session> => {
    const res = await call('POST', '/api/admin/login', { body: { email, password: PASSWORD }, headers });
    expect(res.status, res.text).toBe(200);
    return { cookie: res.headers.get('set-cookie')!.split(';')[0], csrf: res.json.csrf };
  };
  return { call, login };
}

let main: Admin;
const { call, login } = caller(() => main);
let admin: Session;
let editor: Session;
beforeAll(async () => {
  main = await startAdmin({ TRUST_PROXY: '127.0.0.1' });
  admin = await login('admin@example.org', { 'x-forwarded-for': '192.0.2.10' });
  editor = await login('editor@example.org', { 'x-forwarded-for': '192.0.2.11' });
});
afterAll(async () => {
  for (const key of ['locale', 'x', 'polluted']) delete (Object.prototype as Record<string, unknown>)[key];
  await main?.close();
});

const entry = async (id: string) => (await call('GET', `/api/admin/entries/${id}`, { session: admin })).json.entry;

describe('4. prototype pollution through any import format, dry run or not', () => {
  const KEYS = [
    '__proto__.locale',
    'constructor.prototype.locale',
    'prototype.locale',
    '__proto__',
    'summary.__proto__.locale',
    'address.constructor.prototype.locale',
    'phones.__proto__.x',
  ];
  /** `{"a":{"b":"ar"}}` for "a.b", as raw JSON text so "__proto__" stays a key. */
  const nested = (key: string) => key.split('.').reduceRight((acc, k) => `{${JSON.stringify(k)}:${acc}}`, '"ar"');
  const entryJson = (key: string) => `{"id":"gap.pollution","name":"Nom",${nested(key).slice(1, -1)}}`;
  const FORMATS: Record<string, (key: string) => { body: string; type: string }> = {
    csv: (key) => ({ body: `id,name,${key}\ngap.pollution,Nom,ar\n`, type: 'text/csv' }),
    'json list': (key) => ({ body: `[${entryJson(key)}]`, type: 'application/json' }),
    'json file': (key) => ({ body: `{"schemaVersion":1,"entries":[${entryJson(key)}]}`, type: 'application/json' }),
  };
  const cases = Object.keys(FORMATS).flatMap((format) =>
    KEYS.flatMap((key) => ['true', 'false'].map((dryRun) => ({ format, key, dryRun }))),
  );

  it.each(cases)(
    '$format, column $key, dryRun=$dryRun: refused, Object.prototype clean',
    async ({ format, key, dryRun }) => {
      const { body, type } = FORMATS[format](key);
      const res = await call('POST', `/api/admin/import?dryRun=${dryRun}`, { session: admin, body, type });
      expect(res.status, res.text).toBe(400);
      expect(res.json.code).toBe('invalid-import');
      expect(JSON.stringify(res.json.details)).toContain('not a field name');
      expect(polluted().locale).toBeUndefined();
      expect(polluted().x).toBeUndefined();
      expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'locale')).toBe(false);
    },
  );

  it.each(KEYS)('an entry body with %s (POST, PUT, PATCH) is refused too', async (key) => {
    const current = await entry('gap.cidff');
    const body = `{${nested(key).slice(1, -1)},"version":${current.version}}`;
    for (const [method, path] of [
      ['POST', '/api/admin/entries'],
      ['PUT', '/api/admin/entries/gap.cidff'],
      ['PATCH', '/api/admin/entries/gap.cidff'],
    ])
      expect((await call(method, path, { session: admin, body })).status, `${method} ${key}`).toBe(400);
    expect(polluted().locale).toBeUndefined();
  });

  it('the public API and the bot still work afterwards', async () => {
    expect((await call('GET', '/api/directory/search?q=aide')).status).toBe(200);
    expect((await call('GET', '/api/directory/export.csv')).status).toBe(200);
    const hello = await call('POST', '/api/messages', {
      body: {
        type: 'conversationUpdate',
        channelId: 'emulator',
        deliveryMode: 'expectReplies',
        from: { id: 'u' },
        conversation: { id: 'after-pollution' },
        membersAdded: [{ id: 'u' }],
      },
    });
    expect(hello.status).toBe(200);
    const messages = (hello.json.activities as { type: string; locale?: string }[]).filter((a) => a.type === 'message');
    expect(messages.length).toBeGreaterThan(0);
    for (const m of messages) expect(m.locale).toMatch(/^fr/);
  });
});

describe('9. the public CSV export neutralises formulas like the admin export', () => {
  it('cells starting with = + - @ tab or CR get a leading quote, in both exports', async () => {
    const current = await entry('gap.cidff');
    const res = await call('PATCH', '/api/admin/entries/gap.cidff', {
      session: admin,
      body: {
        version: current.version,
        name: '=HYPERLINK("https://evil.example","Cliquez")',
        summary: { fr: '@SUM(1+1)*cmd|" /C calc"!A0' },
        accessibility: '-2+3',
        caveat: { fr: '\tTab' },
      },
    });
    expect(res.status, res.text).toBe(200);
    for (const path of ['/api/directory/export.csv?lang=fr', '/api/admin/export.csv']) {
      const csv = (await call('GET', path, { session: admin })).text;
      const rows = parse<Record<string, string>>(csv, { columns: true, bom: true });
      const row = rows.find((r) => r.id === 'gap.cidff')!;
      expect(row.name, path).toBe(`'=HYPERLINK("https://evil.example","Cliquez")`);
      expect(row.summary ?? row['summary.fr'], path).toBe(`'@SUM(1+1)*cmd|" /C calc"!A0`);
      for (const r of rows)
        for (const cell of Object.values(r)) expect(cell, `${path} ${r.id}`).not.toMatch(/^[=+\-@\t\r]/);
    }
  });
});

describe('8. login throttling', () => {
  it('40 concurrent wrong passwords: at most 5 are checked, the rest get 429', async () => {
    const from = { 'x-forwarded-for': '203.0.113.66' };
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        call('POST', '/api/admin/login', {
          body: { email: 'admin@example.org', password: `wrong-password-${i}` },
          headers: from,
        }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBe(5);
    expect(statuses.filter((s) => s === 429).length).toBe(35);
    // That address is locked out of this account, even with the right password …
    const locked = await call('POST', '/api/admin/login', {
      body: { email: 'admin@example.org', password: PASSWORD },
      headers: from,
    });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('… but the real admin, from another address behind the same proxy, still signs in', async () => {
    await login('admin@example.org', { 'x-forwarded-for': '198.51.100.7' });
  });

  it('many addresses together hit a per-account ceiling far above 5', async () => {
    const limiter = createLoginLimiter({ perIp: 100, perAccount: 5, accountCeiling: 12, windowSeconds: 60 });
    const outcomes: string[] = [];
    for (let a = 0; a < 4; a++)
      for (let i = 0; i < 5; i++)
        outcomes.push(
          await limiter.before(`10.0.0.${a}`, 'x@example.org').then(
            () => 'checked',
            () => '429',
          ),
        );
    expect(outcomes.filter((o) => o === 'checked').length).toBe(12);
    await expect(limiter.before('10.0.0.99', 'other@example.org')).resolves.toBeUndefined();
  });
});

describe('editors: no direct verification or status, no reading beyond their organisation and the public', () => {
  const other = async () => {
    const base = await entry('gap.cidff');
    const { version: _v, updatedAt: _u, ...rest } = base;
    return { ...rest, id: 'gap.autre-brouillon', organization: 'Autre organisme', status: 'draft' };
  };
  beforeAll(async () => {
    expect((await call('POST', '/api/admin/entries', { session: admin, body: await other() })).status).toBe(201);
  });

  it.each([
    ['status', { status: 'published' }],
    ['verifiedBy', { verifiedBy: 'Alice Admin' }],
    ['verifiedAt', { verifiedAt: '2026-12-01' }],
  ])('PATCH %s on an own entry → 403', async (field, change) => {
    const own = (await call('GET', '/api/admin/entries/gap.pass-chicas', { session: editor })).json.entry;
    const res = await call('PATCH', '/api/admin/entries/gap.pass-chicas', {
      session: editor,
      body: { version: own.version, ...change },
    });
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({ code: 'forbidden-field', details: [{ field }] });
  });

  it('PUT with a changed status and POST of a published entry → 403; the actions still work', async () => {
    const own = (await call('GET', '/api/admin/entries/gap.pass-chicas', { session: editor })).json.entry;
    const { version, updatedAt: _u, ...rest } = own;
    const put = await call('PUT', '/api/admin/entries/gap.pass-chicas', {
      session: editor,
      body: { ...rest, status: 'archived' },
      headers: { 'if-match': `"${version}"` },
    });
    expect(put.status).toBe(403);
    const created = await call('POST', '/api/admin/entries', {
      session: editor,
      body: { ...rest, id: 'gap.pass-chicas-2', status: 'published' },
    });
    expect(created.status).toBe(403);
    const { status: _s, verifiedAt: _a, verifiedBy: _b, ...plain } = rest;
    const draft = await call('POST', '/api/admin/entries', {
      session: editor,
      body: { ...plain, id: 'gap.pass-chicas-3' },
    });
    expect(draft.status, draft.text).toBe(201);
    expect(draft.json.entry).toMatchObject({ status: 'draft', verifiedBy: 'Eddie' });
    const verified = await call('POST', '/api/admin/entries/gap.pass-chicas/verify', {
      session: editor,
      headers: { 'if-match': `"${version}"` },
      body: { method: 'phone', note: 'Called the service', confirm: true },
    });
    expect(verified.status).toBe(200);
  });

  it('another organisation’s draft, in any view or export, and any history outside their organisation: 404 or absent', async () => {
    expect((await call('GET', '/api/admin/entries/gap.autre-brouillon', { session: editor })).status).toBe(404);
    expect((await call('GET', '/api/admin/entries/gap.autre-brouillon/history', { session: editor })).status).toBe(404);
    expect((await call('GET', '/api/admin/entries/gap.cidff/history', { session: editor })).status).toBe(404);
    const list = (await call('GET', '/api/admin/entries', { session: editor })).json.entries as { id: string }[];
    expect(list.map((e) => e.id)).not.toContain('gap.autre-brouillon');
    const queue = (await call('GET', '/api/admin/review-queue', { session: editor })).json.entries as { id: string }[];
    expect(queue.map((e) => e.id)).not.toContain('gap.autre-brouillon');
    const json = (await call('GET', '/api/admin/export.json', { session: editor })).json.entries as { id: string }[];
    expect(json.map((e) => e.id)).not.toContain('gap.autre-brouillon');
    expect(json.map((e) => e.id)).toContain('gap.pass-chicas');
    expect((await call('GET', '/api/admin/export.csv', { session: editor })).text).not.toContain('gap.autre-brouillon');
    expect((await call('GET', '/api/admin/export.csv', { session: admin })).text).toContain('gap.autre-brouillon');
    // What the public sees anyway stays readable; their own history too.
    expect((await call('GET', '/api/admin/entries/gap.cidff', { session: editor })).status).toBe(200);
    expect((await call('GET', '/api/admin/entries/gap.pass-chicas/history', { session: editor })).status).toBe(200);
    expect((await call('GET', '/api/admin/entries/gap.autre-brouillon', { session: admin })).status).toBe(200);
  });
});

describe('audit records come before the directory version', () => {
  it('when the audit log cannot be written, the directory is not changed either', async () => {
    const broken = await startAdmin({}, (stateDir) => mkdirSync(join(stateDir, 'admin', 'audit.jsonl')));
    try {
      const b = caller(() => broken);
      const session = await b.login('admin@example.org');
      const before = broken.app.directory.get('gap.cidff')!;
      const res = await b.call('PATCH', '/api/admin/entries/gap.cidff', {
        session,
        body: { version: before.version, accessibility: 'Accès de plain-pied' },
      });
      expect(res.status).toBe(500);
      expect(broken.app.directory.get('gap.cidff')!.version).toBe(before.version);
      const onDisk = JSON.parse(readFileSync(broken.directoryFile, 'utf8')).entries.find(
        (e: { id: string }) => e.id === 'gap.cidff',
      );
      expect(onDisk.version).toBe(before.version);
      expect(onDisk.accessibility).toBe(before.accessibility);
    } finally {
      await broken.close();
    }
  });

  it('a record whose directory write never happened (a crash in between) is not shown in the history', async () => {
    const current = await entry('gap.mds-bonne');
    const phantom = {
      at: new Date().toISOString(),
      actor: 'admin@example.org',
      action: 'update',
      entryId: 'gap.mds-bonne',
      fromVersion: current.version,
      version: current.version + 1,
      changes: [{ field: 'name', before: current.name, after: 'NEVER-WRITTEN' }],
      before: current,
      after: { ...current, name: 'NEVER-WRITTEN', version: current.version + 1 },
    };
    appendFileSync(join(main.stateDir, 'admin', 'audit.jsonl'), `${JSON.stringify(phantom)}\n`);
    const shown = async () =>
      (await call('GET', '/api/admin/entries/gap.mds-bonne/history', { session: admin })).json.history as {
        version: number;
        after: { name: string };
      }[];
    expect((await shown()).some((r) => r.after.name === 'NEVER-WRITTEN')).toBe(false);
    const real = await call('PATCH', '/api/admin/entries/gap.mds-bonne', {
      session: admin,
      body: { version: current.version, name: 'MDS Bonne (écrit)' },
    });
    expect(real.status).toBe(200);
    const records = (await shown()).filter((r) => r.version === current.version + 1);
    expect(records.map((r) => r.after.name)).toEqual(['MDS Bonne (écrit)']);
  });
});

describe('web addresses: http(s) only', () => {
  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    'data:text/html,<b>x</b>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
  ])('%s in website or sources[].url → 400', async (url) => {
    const current = await entry('gap.cidff');
    const website = await call('PATCH', '/api/admin/entries/gap.cidff', {
      session: admin,
      body: { version: current.version, website: url },
    });
    expect(website.status).toBe(400);
    expect(JSON.stringify(website.json.details)).toContain('website');
    const sources = [{ ...current.sources[0], url }];
    const source = await call('PATCH', '/api/admin/entries/gap.cidff', {
      session: admin,
      body: { version: current.version, sources },
    });
    expect(source.status).toBe(400);
    expect(JSON.stringify(source.json.details)).toContain('sources.0.url');
  });
});
