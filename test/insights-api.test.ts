import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activity, fakeClock, postActivity, startServer, tempDir, type TestServer } from './harness/index.js';
import { removeTempDirs } from './harness/paths.js';
import { monthsBefore, parisToday } from '../src/common/time.js';

const PASSWORD = 'Correct-Horse-42-battery';
const ACCOUNTS = [
  { email: 'admin@example.org', role: 'admin' as const, name: 'Alice Admin', password: PASSWORD },
  { email: 'observer@example.org', role: 'observer' as const, name: 'Olga Observer', password: PASSWORD },
  {
    email: 'editor@example.org',
    role: 'editor' as const,
    name: 'Eddie',
    organizations: ['APPASE'],
    password: PASSWORD,
  },
];
/** Insights keep the month of this clock; an hour ahead, so accounts made now are older than sessions. */
const clock = fakeClock(Date.now() + 3_600_000);
const MONTH = parisToday(clock.now()).slice(0, 7);
const PREVIOUS = monthsBefore(`${MONTH}-01`, 1).slice(0, 7);
const env = { INSIGHTS_MIN_COUNT: '3' };
const stateDir = tempDir('passerelle-insights-state-');
let server: TestServer;

afterAll(async () => {
  await server?.close();
  removeTempDirs();
});

/** A conversation over HTTP (emulator channel, expectReplies) with ids that must never be stored. */
function talker(conversation: string, locale: string) {
  return async (text: string) => {
    const res = await postActivity(
      server.url,
      activity(conversation, text, { locale, from: { id: `person-${conversation}` } }),
    );
    expect(res.status, res.text).toBe(200);
    return res.json as { activities: { channelData?: { node?: string; entry?: string } }[] };
  };
}

async function call(path: string, session?: { cookie: string; csrf: string }, init: RequestInit = {}) {
  const res = await fetch(`${server.url}${path}`, {
    ...init,
    headers: { ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {}), ...init.headers },
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text.startsWith('{') ? JSON.parse(text) : undefined };
}

async function login(email: string) {
  const res = await fetch(`${server.url}/api/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  return { cookie: res.headers.get('set-cookie')!.split(';')[0], csrf: ((await res.json()) as { csrf: string }).csrf };
}

/** Every byte the insights keep on disk, file by file. */
const storedBytes = () => {
  const dir = join(stateDir, 'insights');
  return readdirSync(dir).map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
};

type Table = {
  id: string;
  columns: string[];
  months: string[];
  rows: { key: string[]; cells: (number | string)[]; total: number }[];
};
const tableOf = (json: { tables: Table[] }, id: string) => json.tables.find((t) => t.id === id)!;
const cellOf = (table: Table, key: string[], month = MONTH) =>
  table.rows.find((r) => r.key.join('|') === key.join('|'))?.cells[table.months.indexOf(month)];

beforeAll(async () => {
  server = await startServer({ stateDir, clock, env, accounts: ACCOUNTS });
});

describe('insights from real conversations', () => {
  const secrets = {
    conversations: ['conv-QJX-7781-insights', 'conv-WVK-2290-insights'],
    texts: ['zorglub 8842 blarf', 'zyxwv 5531', 'plimbo 6613 quaxe'],
    communes: ['Embrun', '05046', '05200', 'Guillestre', '05065', '05600', 'Veynes', '05179', '05400'],
  };

  it('counts path ends and page searches; the stored bytes hold no text, commune, id or time finer than the month', async () => {
    const french = talker(secrets.conversations[0], 'fr-FR');
    await french('bonjour');
    await french('Embrun');
    await french('Logement');
    const contacts = await french('1');
    expect(contacts.activities.some((a) => a.channelData?.entry)).toBe(true);
    await french(secrets.texts[0]); // not understood at housing.more
    await french('menu');
    await french('Trouver des contacts');
    await french(secrets.texts[1]); // a free-text search
    const tigrinya = talker(secrets.conversations[1], 'ti');
    await tigrinya('selam');
    await tigrinya('Guillestre');
    await tigrinya(secrets.texts[2]); // not understood at main.menu
    for (let i = 0; i < 3; i++) {
      const res = await call('/api/directory/search?theme=housing&commune=Veynes&languages=ti&source=annuaire');
      expect(res.status).toBe(200);
    }
    // An API client (no source=annuaire) and the next pages of a page search are not counted.
    await call('/api/directory/search?theme=health&commune=Veynes');
    await call('/api/directory/search?theme=health&commune=Veynes&source=annuaire&offset=20');
    await server.app.insights.flush();

    const files = storedBytes();
    expect(files.map((f) => f.name)).toEqual(['counters.json']);
    const bytes = files.map((f) => f.text).join('\n');
    for (const secret of [
      ...secrets.conversations,
      ...secrets.conversations.map((c) => `person-${c}`),
      ...secrets.texts.flatMap((t) => [t, ...t.split(' ')]),
      ...secrets.communes,
      'bonjour',
      'selam',
      'Logement',
    ])
      expect(bytes, `"${secret}" is stored`).not.toContain(secret);
    expect(bytes).not.toMatch(/\d{4}-\d{2}-\d{2}|\d{2}:\d{2}|\b\d{9,}\b/); // no day, hour or timestamp
    const months = [...new Set(bytes.match(/"\d{4}-\d{2}"/g))];
    expect(months).toEqual([`"${MONTH}"`]);
    // What is there: the counters, with arrondissements (052: Gap, Embrun, Veynes; 051: Briançon, Guillestre).
    const rows = server.app.insights.counters().pathRows();
    expect(rows).toContainEqual(
      expect.objectContaining({ node: 'housing.tonight-contacts', lang: 'fr', area: '052', outcome: 'local' }),
    );
    expect(rows).toContainEqual(
      expect.objectContaining({ node: 'housing.more', lang: 'fr', area: '052', outcome: 'not-understood' }),
    );
    expect(rows).toContainEqual(expect.objectContaining({ node: 'search.bot', lang: 'fr', area: '052' }));
    expect(rows).toContainEqual(
      expect.objectContaining({ node: 'main.menu', lang: 'ti', area: '051', outcome: 'not-understood' }),
    );
    expect(rows).toContainEqual(
      expect.objectContaining({ theme: 'annuaire', node: 'annuaire.housing', lang: 'ti', area: '052', count: 3 }),
    );
    expect(rows.filter((r) => r.theme === 'annuaire')).toHaveLength(1);
    expect(server.app.insights.counters().shownRows().length).toBeGreaterThan(0);
  });

  it('suppresses small counts in the JSON and every CSV; totals add up shown cells only', async () => {
    const observer = await login('observer@example.org');
    const res = await call(`/api/admin/insights?from=${PREVIOUS}&to=${MONTH}`, observer);
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ from: PREVIOUS, to: MONTH, months: [PREVIOUS, MONTH], minCount: 3 });
    expect(res.json.hidden).toBe('< 3');
    const json = res.json as { tables: Table[] };
    expect(cellOf(tableOf(json, 'needs'), ['annuaire', 'annuaire.housing'])).toBe(3);
    expect(cellOf(tableOf(json, 'needs'), ['housing', 'housing.tonight-contacts'])).toBe('< 3');
    expect(cellOf(tableOf(json, 'not-understood'), ['ti'])).toBe('< 3');
    for (const table of json.tables)
      for (const row of table.rows) {
        for (const cell of row.cells) expect(cell === '< 3' || cell === 0 || (cell as number) >= 3).toBe(true);
        expect(row.total).toBe(row.cells.reduce<number>((s, c) => s + (typeof c === 'number' ? c : 0), 0));
      }
    for (const table of json.tables) {
      const csv = await call(`/api/admin/insights/${table.id}.csv?from=${PREVIOUS}&to=${MONTH}`, observer);
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(csv.headers.get('content-disposition')).toContain(`insights-${table.id}-${PREVIOUS}-${MONTH}.csv`);
      const lines = csv.text
        .replace(/^\ufeff/, '')
        .trim()
        .split(/\r?\n/);
      expect(lines[0]).toBe([...table.columns, PREVIOUS, MONTH, 'total_shown'].join(','));
      expect(lines).toHaveLength(table.rows.length + 1);
      for (const line of lines.slice(1)) expect(line).not.toMatch(/(^|,)[12](,|$)/);
    }
    const needs = await call(`/api/admin/insights/needs.csv?from=${MONTH}&to=${MONTH}`, observer);
    expect(needs.text).toContain('annuaire,annuaire.housing,3,3');
    expect(needs.text).toContain('housing,housing.tonight-contacts,< 3,0');
  });

  it.each([
    ['observer@example.org', '/api/admin/insights', 200],
    ['observer@example.org', '/api/admin/insights/languages.csv', 200],
    ['observer@example.org', '/api/admin/me', 200],
    ['observer@example.org', '/api/admin/entries', 403],
    ['observer@example.org', '/api/admin/entries/national.3039', 403],
    ['observer@example.org', '/api/admin/review-queue', 403],
    ['observer@example.org', '/api/admin/export.json', 403],
    ['observer@example.org', '/api/admin/schema', 403],
    ['editor@example.org', '/api/admin/insights', 403],
    ['editor@example.org', '/api/admin/insights/needs.csv', 403],
    ['editor@example.org', '/api/admin/entries', 200],
    ['admin@example.org', '/api/admin/insights', 200],
    [undefined, '/api/admin/insights', 401],
  ])('%s: GET %s → %i', async (email, path, status) => {
    const res = await call(path, email ? await login(email) : undefined);
    expect(res.status, res.text).toBe(status);
    if (status >= 400) expect(res.json).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  });

  it('lets an observer change nothing, and refuses bad periods and tables', async () => {
    const observer = await login('observer@example.org');
    const before = server.app.directory.get('national.3039')!;
    const patch = await call('/api/admin/entries/national.3039', observer, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'if-match': `"${before.version}"` },
      body: JSON.stringify({ accessibility: 'changed by an observer' }),
    });
    expect(patch.status).toBe(403);
    const verify = await call('/api/admin/entries/national.3039/verify', observer, {
      method: 'POST',
      headers: { 'if-match': `"${before.version}"` },
    });
    expect(verify.status).toBe(403);
    expect(server.app.directory.get('national.3039')).toEqual(before);
    expect((await call('/api/admin/insights?from=2026-13', observer)).json.code).toBe('invalid-period');
    expect((await call(`/api/admin/insights?from=${MONTH}&to=${PREVIOUS}`, observer)).status).toBe(400);
    expect((await call(`/api/admin/insights?from=2020-01&to=${MONTH}`, observer)).status).toBe(400);
    expect((await call('/api/admin/insights/secrets.csv', observer)).status).toBe(404);
    const logout = await call('/api/admin/logout', observer, { method: 'POST' });
    expect(logout.status).toBe(204);
  });

  it('keeps the counters across a restart, and goes on counting', async () => {
    const observer = await login('observer@example.org');
    const before = (await call('/api/admin/insights', observer)).json as { tables: Table[]; to: string };
    expect(before.to).toBe(MONTH);
    await server.close();
    server = await startServer({ stateDir, clock, env, accounts: [] });
    const again = await login('observer@example.org');
    expect((await call('/api/admin/insights', again)).json).toEqual(before);
    await call('/api/directory/search?theme=housing&commune=Veynes&languages=ti&source=annuaire');
    await server.close();
    server = await startServer({ stateDir, clock, env, accounts: [] });
    const rows = server.app.insights.counters().pathRows();
    expect(rows.find((r) => r.node === 'annuaire.housing')?.count).toBe(4);
  });
});
