// Keeping the directory true (issue 13), over HTTP: reports, verification with evidence, services'
// confirmation links, notices and sites, on a fake clock and a temporary copy of the directory.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryStorage } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parisToday } from '../src/common/time.js';
import {
  answerOf,
  fakeClock,
  removeTempDirs,
  startServer,
  tempDir,
  DIRECTORY,
  type Answer,
  type TestServer,
} from './harness/index.js';

const PASSWORD = 'Correct-Horse-42-battery';
const SECRET = 'a-test-secret-of-at-least-32-characters!';
const DAY = 86_400_000;
/** The fake clock starts just after the real time: the harness dates the accounts it makes by the real clock. */
const START = Date.now() + 5 * 60_000;
const dayOf = (offset: number) => parisToday(START + offset * DAY);
const TODAY = dayOf(0);
/** The notice on the Gap PASS: from two days ago to a week from now. */
const NOTICE = { kind: 'closure', start: dayOf(-2), end: dayOf(7) };

type Call = Answer;

/** A copy of the directory with a current notice on the Gap PASS. */
function directoryWithNotice(): string {
  const data = JSON.parse(readFileSync(DIRECTORY, 'utf8'));
  const pass = data.entries.find((e: { id: string }) => e.id === 'gap.pass-chicas');
  pass.notices = [
    {
      kind: 'closure',
      start: '2026-12-01',
      end: '2026-12-10',
      text: { fr: 'Fermé pour travaux.', en: 'Closed for works.' },
    },
  ];
  const file = join(tempDir(), 'directory.json');
  writeFileSync(file, JSON.stringify(data));
  return file;
}

describe('keeping the directory true over HTTP', () => {
  const clock = fakeClock(START);
  let server: TestServer;
  let session: { cookie: string; csrf: string };

  async function call(
    method: string,
    path: string,
    options: { body?: unknown; headers?: Record<string, string>; auth?: boolean } = {},
  ): Promise<Call> {
    const { body, headers = {}, auth = false } = options;
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(auth ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return answerOf(res);
  }
  const admin = (method: string, path: string, body?: unknown) => call(method, path, { body, auth: true });
  const queueItem = async (id: string) =>
    (await admin('GET', '/api/admin/review-queue')).json.entries.find((e: { id: string }) => e.id === id);
  const feedbackLines = () =>
    readFileSync(join(server.stateDir, 'feedback', 'feedback.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));

  beforeAll(async () => {
    server = await startServer({
      clock,
      storage: new MemoryStorage(),
      directoryFile: directoryWithNotice(),
      env: { CONFIRM_LINK_SECRET: SECRET },
      accounts: [{ email: 'admin@example.org', role: 'admin', name: 'Alice Admin', password: PASSWORD }],
    });
    const res = await call('POST', '/api/admin/login', { body: { email: 'admin@example.org', password: PASSWORD } });
    session = { cookie: res.headers.get('set-cookie')!.split(';')[0], csrf: res.json.csrf };
  });
  afterAll(async () => {
    await server?.close();
    removeTempDirs();
  });

  describe('reports', () => {
    it('accepts a report (202), masks phone numbers and e-mails before storing, and changes no data', async () => {
      const before = readFileSync(server.directoryFile, 'utf8');
      const comment = 'Le 04 92 40 61 61 ne répond plus, écrivez-moi à jean.dupont@example.org ou au 06.12.34.56.78';
      const res = await call('POST', '/api/directory/entries/gap.pass-chicas/reports', {
        body: { reason: 'phone', comment, lang: 'fr' },
      });
      expect(res.status, res.text).toBe(202);
      expect(res.json.id).toMatch(/^[0-9a-f-]{36}$/);
      const stored = readFileSync(join(server.stateDir, 'feedback', 'feedback.jsonl'), 'utf8');
      expect(stored).not.toMatch(/40 61 61|jean\.dupont|06\.12/);
      expect(feedbackLines().at(-1)).toMatchObject({ type: 'report', entryId: 'gap.pass-chicas', reason: 'phone' });
      expect(feedbackLines().at(-1).comment).toBe('Le [phone] ne répond plus, écrivez-moi à [email] ou au [phone]');
      expect(readFileSync(server.directoryFile, 'utf8')).toBe(before);
    });

    it.each([
      ['an unknown reason', { reason: 'rude' }, 'reason'],
      ['a comment over 500 characters', { reason: 'other', comment: 'x'.repeat(501) }, 'comment'],
      ['an unknown field', { reason: 'phone', name: 'Jean' }, 'name'],
      ['no reason', {}, 'reason'],
    ])('refuses %s with 400 {code, message, details}', async (_name, body, field) => {
      const res = await call('POST', '/api/directory/entries/gap.pass-chicas/reports', { body });
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ code: 'invalid-report', message: expect.any(String) });
      expect(res.json.details.map((d: { field: string }) => d.field)).toContain(field);
    });

    it('answers 404 for an unknown entry', async () => {
      const res = await call('POST', '/api/directory/entries/nowhere.nothing/reports', { body: { reason: 'phone' } });
      expect(res.status).toBe(404);
      expect(res.json.code).toBe('not-found');
    });

    it('puts the entry in the review queue with the count and reasons; closing it is audited', async () => {
      await call('POST', '/api/directory/entries/gap.pass-chicas/reports', { body: { reason: 'hours' } });
      const item = await queueItem('gap.pass-chicas');
      expect(item.reasons[0]).toBe('reported');
      expect(item.reports).toMatchObject({ count: 2, reasons: { phone: 1, hours: 1 } });
      const [first] = item.reports.items;
      const closed = await admin('POST', `/api/admin/reports/${first.id}/close`, { outcome: 'not-confirmed' });
      expect(closed.status, closed.text).toBe(200);
      expect((await admin('POST', `/api/admin/reports/${first.id}/close`, { outcome: 'fixed' })).status).toBe(409);
      expect((await queueItem('gap.pass-chicas')).reports.count).toBe(1);
      const { history } = (await admin('GET', '/api/admin/entries/gap.pass-chicas/history')).json;
      expect(history[0]).toMatchObject({ action: 'close-report', actor: 'admin@example.org', changes: [] });
      expect(history[0].detail).toMatchObject({ report: first.id, outcome: 'not-confirmed' });
    });

    it('rate limits each client: 429 with Retry-After', async () => {
      const statuses: number[] = [];
      let last: Call | undefined;
      for (let i = 0; i < 6; i++) {
        last = await call('POST', '/api/directory/entries/national.3039/reports', { body: { reason: 'other' } });
        statuses.push(last.status);
      }
      expect(statuses).toContain(429);
      expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(last!.json.code).toBe('too-many-requests');
    });
  });

  describe('verification with evidence', () => {
    const verify = async (id: string, body: object) => {
      const version = (await admin('GET', `/api/admin/entries/${id}`)).json.entry.version;
      return call('POST', `/api/admin/entries/${id}/verify`, {
        body,
        auth: true,
        headers: { 'if-match': `"${version}"` },
      });
    };

    it('dates the entry by its source, never today, and keeps the newer date', async () => {
      const source = {
        url: 'https://www.service-public.fr/particuliers/vosdroits/F1',
        title: 'Fiche',
        date: '2026-05',
      };
      const res = await verify('national.3928', { method: 'source', source, note: '3928', confirm: true });
      expect(res.status, res.text).toBe(200);
      expect(res.json.entry.verifiedAt).toBe('2026-05');
      expect(res.json.entry.sources.at(-1)).toMatchObject({ url: source.url, date: '2026-05', attests: '3928' });
      const older = await verify('national.3928', {
        method: 'source',
        source: { ...source, url: 'https://example.org/old', date: '2019' },
        confirm: true,
      });
      expect(older.json.entry.verifiedAt).toBe('2026-05');
      expect(older.json.entry.verifications.map((v: { date: string }) => v.date)).toEqual(['2026-05', '2019']);
    });

    it.each([
      ['a source without its URL', { method: 'source', confirm: true }, 'source'],
      ['a day in the future', { method: 'phone', date: dayOf(40), confirm: true }, 'date'],
      ['an unknown method', { method: 'rumour', confirm: true }, 'method'],
    ])('refuses %s', async (_name, body, field) => {
      const res = await verify('national.3646', body);
      expect(res.status).toBe(400);
      expect(res.json.details.map((d: { field: string }) => d.field)).toContain(field);
    });
  });

  describe("services' confirmation links", () => {
    const open = (token: string) => call('GET', '/api/confirm', { headers: { 'x-confirm-token': token } });
    const tokenOf = (url: string) => url.split('#')[1];

    it('confirms: a verification by the service, dated today', async () => {
      const link = await admin('POST', '/api/admin/entries/gap.pass-chicas/confirm-links');
      expect(link.status, link.text).toBe(201);
      expect(link.json.url).toMatch(/\/confirmer#[\w-]+\.[\w-]+$/);
      expect(link.json.expiresAt).toBe(START + 30 * DAY);
      const token = tokenOf(link.json.url);
      const page = await open(token);
      expect(page.status).toBe(200);
      expect(page.json.entry).toMatchObject({ id: 'gap.pass-chicas', summary: { lang: 'fr' } });
      const done = await call('POST', '/api/confirm/ok', { headers: { 'x-confirm-token': token } });
      expect(done.status, done.text).toBe(200);
      expect(done.json.verifiedAt).toBe(TODAY);
      const view = (await call('GET', '/api/directory/entries/gap.pass-chicas')).json;
      expect(view).toMatchObject({ freshness: 'fresh', lastVerification: { method: 'service', date: TODAY } });
      const { history } = (await admin('GET', '/api/admin/entries/gap.pass-chicas/history')).json;
      expect(history[0]).toMatchObject({ action: 'confirm-by-service', actor: `confirmation-link:${link.json.id}` });
    });

    it('refuses a forged token (403) and a revoked link (410)', async () => {
      const link = await admin('POST', '/api/admin/entries/national.3039/confirm-links');
      const token = tokenOf(link.json.url);
      const [payload, mac] = token.split('.');
      const other = Buffer.from(
        JSON.stringify({ i: link.json.id, e: 'gap.pass-chicas', x: link.json.expiresAt }),
      ).toString('base64url');
      for (const forged of [`${other}.${mac}`, `${payload}.${mac.slice(0, -2)}AA`, 'nonsense'])
        expect((await open(forged)).status).toBe(403);
      expect((await admin('POST', `/api/admin/confirm-links/${link.json.id}/revoke`)).status).toBe(200);
      const revoked = await open(token);
      expect([revoked.status, revoked.json.code]).toEqual([410, 'link-revoked']);
    });

    it('turns corrections into a proposal in the review queue, applied only when an editor accepts it', async () => {
      const link = await admin('POST', '/api/admin/entries/gap.urgences-chicas/confirm-links');
      const token = tokenOf(link.json.url);
      const headers = { 'x-confirm-token': token };
      const bad = await call('POST', '/api/confirm/proposal', {
        headers,
        body: { changes: { phones: [{ number: '04 92 pas un numéro' }] } },
      });
      expect(bad.status).toBe(400);
      expect(
        (await call('POST', '/api/confirm/proposal', { headers, body: { changes: { status: 'archived' } } })).status,
      ).toBe(400);
      const before = server.app.directory.get('gap.urgences-chicas')!;
      const sent = await call('POST', '/api/confirm/proposal', {
        headers,
        body: { changes: { phones: [{ number: '+33492406100' }] }, comment: 'Ligne directe des urgences' },
      });
      expect(sent.status, sent.text).toBe(202);
      expect(server.app.directory.get('gap.urgences-chicas')!.version).toBe(before.version);
      const item = await queueItem('gap.urgences-chicas');
      expect(item.reasons[0]).toBe('proposal');
      expect(item.proposals[0].changes).toContainEqual({
        field: 'phones.0.number',
        before: '+33492406161',
        after: '+33492406100',
      });
      const accepted = await admin('POST', `/api/admin/proposals/${item.proposals[0].id}/accept`);
      expect(accepted.status, accepted.text).toBe(200);
      expect(accepted.json.entry.phones[0].number).toBe('+33492406100');
      expect(accepted.json.entry).toMatchObject({ verifiedAt: TODAY });
      expect(accepted.json.entry.verifications.at(-1)).toMatchObject({ method: 'service' });
      expect((await queueItem('gap.urgences-chicas'))?.proposals ?? []).toEqual([]);
    });

    it('expires after 30 days (410)', async () => {
      const link = await admin('POST', '/api/admin/entries/national.3230/confirm-links');
      const token = tokenOf(link.json.url);
      clock.advance(29 * DAY);
      expect((await open(token)).status).toBe(200);
      clock.advance(1 * DAY);
      const expired = await open(token);
      expect([expired.status, expired.json.code]).toEqual([410, 'link-expired']);
      clock.set(START);
    });
  });

  describe('notices and sites', () => {
    it('shows a notice while it is current and drops it afterwards, in the API and the HSDS export', async () => {
      const notices = async () => (await call('GET', '/api/directory/entries/gap.pass-chicas?lang=en')).json.notices;
      expect(await notices()).toEqual([
        {
          kind: 'closure',
          start: '2026-12-01',
          end: '2026-12-10',
          text: { text: 'Closed for works.', fallback: false },
        },
      ]);
      const hsds = async () =>
        (await call('GET', '/api/directory/export.hsds.json')).json.contents.find((s: { name: string }) =>
          s.name.startsWith('PASS'),
        );
      expect((await hsds()).alert).toContain('Fermé pour travaux.');
      clock.set(Date.parse(`${NOTICE.end}T12:00:00Z`)); // its last day: still shown
      expect(await notices()).toHaveLength(1);
      clock.set(Date.parse(`${dayOf(8)}T12:00:00Z`)); // the day after
      expect(await notices()).toEqual([]);
      expect((await hsds()).alert ?? '').not.toContain('Fermé pour travaux.');
      clock.set(START);
    });

    it("lists a service's sites nearest the commune asked for first", async () => {
      const sitesFor = async (commune: string) => {
        const { results } = (await call('GET', `/api/directory/search?q=cimade&commune=${commune}`)).json;
        return results
          .find((r: { id: string }) => r.id === 'hautes-alpes.cimade')
          .sites.map((s: { address: { town: string } }) => s.address.town);
      };
      expect(await sitesFor('Briançon')).toEqual(['Briançon', 'Gap']);
      expect(await sitesFor('Gap')).toEqual(['Gap', 'Briançon']);
      expect(await sitesFor('Embrun')).toEqual(['Gap', 'Briançon']);
    });
  });
});

describe('confirmation links without a secret', () => {
  it('cannot be made (503 links-disabled)', async () => {
    const server = await startServer({
      storage: new MemoryStorage(),
      accounts: [{ email: 'admin@example.org', role: 'admin', name: 'A', password: PASSWORD }],
    });
    try {
      const login = await fetch(`${server.url}/api/admin/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@example.org', password: PASSWORD }),
      });
      const { csrf } = await login.json();
      const res = await fetch(`${server.url}/api/admin/entries/gap.pass-chicas/confirm-links`, {
        method: 'POST',
        headers: { cookie: login.headers.get('set-cookie')!.split(';')[0], 'x-csrf-token': csrf },
      });
      expect(res.status).toBe(503);
      expect((await res.json()).code).toBe('links-disabled');
    } finally {
      await server.close();
    }
  });
});
