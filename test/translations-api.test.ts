import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryStorage } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContent } from '../src/content.js';
import { fingerprint } from '../src/i18n/review.js';
import { conversation, ROOT, startServer, waitingNode, type TestServer } from './harness/index.js';

const PASSWORD = 'Correct-Horse-42-battery';

let server: TestServer;
let url: string;

interface Session {
  cookie: string;
  csrf: string;
}

async function call(method: string, path: string, { body, session }: { body?: unknown; session?: Session } = {}) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined, text };
}

async function login(email: string): Promise<Session> {
  const res = await fetch(`${url}/api/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  const json = (await res.json()) as { csrf: string };
  return { cookie: res.headers.get('set-cookie')!.split(';')[0], csrf: json.csrf };
}

const status = async (lng: string) =>
  (
    (await call('GET', '/api/i18n/status')).json.languages as { code: string; reviewed: boolean; strings: object }[]
  ).find((l) => l.code === lng)!;
const fileOf = (lng: string, ns: string) =>
  JSON.parse(readFileSync(join(server.localesDir, lng, `${ns}.json`), 'utf8')) as Record<string, unknown>;
const row = async (session: Session, lng: string, key: string) =>
  ((await call('GET', `/api/admin/translations/${lng}`, { session })).json.rows as Record<string, string>[]).find(
    (r) => r.key === key,
  )!;

/** The texts every newcomer language has: all French keys but the admin page's. */
let TEXTS: number;
let admin: Session;
let ti: Session;
let editor: Session;

beforeAll(async () => {
  server = await startServer({
    storage: new MemoryStorage(),
    ownLocales: true,
    accounts: [
      { email: 'admin@example.org', role: 'admin', name: 'Alice Admin', password: PASSWORD },
      { email: 'ti@example.org', role: 'translator', name: 'Tesfay', languages: ['ti'], password: PASSWORD },
      { email: 'editor@example.org', role: 'editor', name: 'Eddie', organizations: ['APPASE'], password: PASSWORD },
    ],
  });
  url = server.url;
  TEXTS = Object.keys(server.app.catalog.texts.fr).filter((k) => !k.startsWith('admin.')).length;
  [admin, ti, editor] = await Promise.all(['admin', 'ti', 'editor'].map((who) => login(`${who}@example.org`)));
});
afterAll(() => server?.close());

describe('GET /api/i18n/status (public)', () => {
  it('gives every language its reviewed / to review / stale counts', async () => {
    const res = await call('GET', '/api/i18n/status');
    expect(res.status).toBe(200);
    expect(res.json.languages.map((l: { code: string }) => l.code)).toEqual(server.app.catalog.locales);
    expect(await status('ti')).toMatchObject({
      translation: 'machine',
      reviewed: false,
      strings: { total: TEXTS, reviewed: 0, toReview: TEXTS, stale: 0 },
    });
    expect((await status('en')).strings).toMatchObject({ total: Object.keys(server.app.catalog.texts.fr).length });
  });
});

describe('the translator role', () => {
  const importFr = { format: 'passerelle-translations', locale: 'fr', strings: [] };
  it.each([
    ['GET', '/api/admin/translations/fa', undefined],
    ['PUT', '/api/admin/translations/fa/web.chat.exit', { text: 'x' }],
    ['PUT', '/api/admin/translations/fr/web.chat.exit', { text: 'x' }],
    ['GET', '/api/admin/translations/fa/export.json', undefined],
    ['POST', '/api/admin/translations/fr/import', importFr],
  ])('a Tigrinya translator may not %s %s', async (method, path, body) => {
    const res = await call(method, path, { session: ti, body });
    expect(res.status, res.text).toBe(403);
  });

  it('lists only the languages of the account; an editor has none; nobody signed out sees any', async () => {
    expect(
      (await call('GET', '/api/admin/translations', { session: ti })).json.languages.map(
        (l: { code: string }) => l.code,
      ),
    ).toEqual(['ti']);
    // The texts are the translators' (and admins') routes: an editor is refused there.
    expect((await call('GET', '/api/admin/translations', { session: editor })).status).toBe(403);
    expect((await call('GET', '/api/admin/translations/ti', { session: editor })).status).toBe(403);
    expect((await call('GET', '/api/admin/translations/ti')).status).toBe(401);
    expect((await call('GET', '/api/admin/translations', { session: admin })).json.languages).toHaveLength(8);
  });

  it('may not touch directory entries', async () => {
    const res = await call('POST', '/api/admin/entries', { session: ti, body: { id: 'gap.new', name: 'X' } });
    expect([400, 403]).toContain(res.status);
    const entry = server.app.directory.entries()[0];
    const patch = await call('PATCH', `/api/admin/entries/${entry.id}`, {
      session: ti,
      body: { version: entry.version, name: 'Changed' },
    });
    expect(patch.status).toBe(403);
  });
});

describe('reviewing Tigrinya strings', () => {
  it('filters by status, refuses an edit that breaks variables or length, writes nothing then', async () => {
    const toReview = await call('GET', '/api/admin/translations/ti?status=to-review', { session: ti });
    expect(toReview.json.rows).toHaveLength(TEXTS);
    expect((await call('GET', '/api/admin/translations/ti?status=bogus', { session: ti })).status).toBe(400);
    const before = fileOf('ti', 'common');
    const r = await row(ti, 'ti', 'common.commune-set');
    for (const text of ['ተመዝጊቡ', 'x'.repeat(500)]) {
      const res = await call('PUT', '/api/admin/translations/ti/common.commune-set', {
        session: ti,
        body: { text, reviewed: true, french: r.french, base: r.base },
      });
      expect(res.status).toBe(400);
      expect(res.json.code).toBe('invalid-text');
    }
    expect(fileOf('ti', 'common')).toEqual(before);
  });

  it('edits and marks reviewed: the file, review.json, the audit log, the status API and the bot at once', async () => {
    const key = 'main.commune.skip';
    const r = await row(ti, 'ti', key);
    const text = `${r.text}።`; // a reviewer's change (test data)
    const res = await call('PUT', `/api/admin/translations/ti/${key}`, {
      session: ti,
      body: { text, reviewed: true, french: r.french, base: r.base },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json.row).toMatchObject({ key, text, status: 'reviewed', review: { by: 'Tesfay' } });
    expect(fileOf('ti', 'main')[key]).toBe(text);
    expect(fileOf('ti', 'review')[key]).toMatchObject({ fr: fingerprint(r.fr), text: fingerprint(text), by: 'Tesfay' });
    expect(JSON.parse(readFileSync(join(ROOT, 'locales', 'ti', 'main.json'), 'utf8'))[key]).not.toBe(text);
    expect((await status('ti')).strings).toMatchObject({ reviewed: 1, toReview: TEXTS - 1, stale: 0 });
    // The bot's button shows the new text on the next turn, without a restart.
    const replies = await conversation(server.app, { locale: 'ti-ER' }).start();
    expect(waitingNode(replies)).toBe('main.commune');
    const labels = replies.flatMap((a) => (a.suggestedActions?.actions ?? []).map((x) => x.title));
    expect(labels).toContain(text);
    const audit = readFileSync(join(server.stateDir, 'admin', 'audit.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(audit.at(-1)).toMatchObject({
      actor: 'ti@example.org',
      action: 'translate',
      locale: 'ti',
      key,
      before: r.text,
      after: text,
      reviewed: true,
    });
  });

  it('refuses a save made from an outdated text (someone else changed it)', async () => {
    const r = await row(ti, 'ti', 'main.commune.skip');
    const res = await call('PUT', '/api/admin/translations/ti/main.commune.skip', {
      session: ti,
      body: { text: 'ሕለፍ', reviewed: false, french: r.french, base: fingerprint('ሕለፍ') },
    });
    expect(res.status).toBe(400);
    expect(res.json.details[0].message).toContain('someone changed');
  });

  it('editing the French makes the reviewed translation stale', async () => {
    const fr = await row(admin, 'fr', 'main.commune.skip');
    const res = await call('PUT', '/api/admin/translations/fr/main.commune.skip', {
      session: admin,
      body: { text: `${fr.text} `.trim() + ' pour l’instant', french: fr.french, base: fr.base },
    });
    expect(res.status, res.text).toBe(200);
    expect((await row(ti, 'ti', 'main.commune.skip')).status).toBe('stale');
    expect((await status('ti')).strings).toMatchObject({ reviewed: 0, toReview: TEXTS - 1, stale: 1 });
  });

  it('exports the language, imports the reviewer’s file (dry run first), and derives meta.json', async () => {
    const exported = await call('GET', '/api/admin/translations/ti/export.json', { session: ti });
    expect(exported.status).toBe(200);
    expect(exported.json).toMatchObject({ format: 'passerelle-translations', locale: 'ti' });
    const strings = exported.json.strings as { key: string; text?: string; reviewed: boolean }[];
    expect(strings).toHaveLength(TEXTS);
    const edited = strings.map((s) => ({
      ...s,
      reviewed: true,
      ...(s.key === 'web.chat.exit' ? { text: 'ብቕልጡፍ ውጽኡ' } : {}),
    }));
    const file = { ...exported.json, strings: edited };
    const dry = await call('POST', '/api/admin/translations/ti/import?dryRun=true', { session: ti, body: file });
    expect(dry.status, dry.text).toBe(200);
    expect(dry.json).toMatchObject({ dryRun: true, unchanged: 0 });
    expect((await status('ti')).strings).toMatchObject({ reviewed: 0 });
    expect(
      (await call('POST', '/api/admin/translations/ti/import', { session: ti, body: { ...file, locale: 'fa' } }))
        .status,
    ).toBe(400);
    const applied = await call('POST', '/api/admin/translations/ti/import', { session: ti, body: file });
    expect(applied.status, applied.text).toBe(200);
    expect(applied.json.changed).toHaveLength(TEXTS);
    expect(await status('ti')).toMatchObject({ reviewed: true, strings: { reviewed: TEXTS, toReview: 0, stale: 0 } });
    expect(fileOf('ti', 'web')['web.chat.exit']).toBe('ብቕልጡፍ ውጽኡ');
    expect(fileOf('ti', 'meta').reviewed).toBe(true);
    // What was written loads again and passes the content check (meta.json agrees with review.json).
    expect(() => loadContent(ROOT, undefined, server.localesDir)).not.toThrow();
    // A French edit puts Tigrinya back to "not reviewed", in meta.json too.
    const fr = await row(admin, 'fr', 'web.chat.exit');
    await call('PUT', '/api/admin/translations/fr/web.chat.exit', {
      session: admin,
      body: { text: 'Partir vite', french: fr.french },
    });
    expect(fileOf('ti', 'meta').reviewed).toBe(false);
    expect(() => loadContent(ROOT, undefined, server.localesDir)).not.toThrow();
  });
});
