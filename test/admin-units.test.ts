import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openAccounts } from '../src/admin/accounts.js';
import { csvToDrafts, entriesToCsv } from '../src/admin/csv.js';
import { diffEntries } from '../src/admin/diff.js';
import { mergePatch } from '../src/admin/entries.js';
import { createLoginLimiter } from '../src/admin/loginLimiter.js';
import { hashPassword, passwordProblems, verifyPassword } from '../src/admin/password.js';
import { monthsBefore, parisToday } from '../src/common/time.js';
import { createSessions } from '../src/admin/sessions.js';
import { ACCESS, canEdit, mayUse } from '../src/admin/permissions.js';
import { Entry } from '../src/directory/schema.js';
import { removeTempDirs, tempDir } from './harness/paths.js';

const tmp = tempDir('passerelle-admin-units-');
afterAll(removeTempDirs);

describe('passwords', () => {
  it('hashes with scrypt and a per-user salt, and verifies in constant time', async () => {
    const [a, b] = await Promise.all([
      hashPassword('Correct-Horse-42-battery'),
      hashPassword('Correct-Horse-42-battery'),
    ]);
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('Correct-Horse-42-battery', a)).toBe(true);
    expect(await verifyPassword('correct-horse-42-battery', a)).toBe(false);
    expect(await verifyPassword('x', 'not-a-hash')).toBe(false);
  });

  it.each([
    ['short1!A', ['admin.password.too-short']],
    ['aaaaaaaaaaaaaaaa', ['admin.password.too-repetitive', 'admin.password.too-simple']],
    ['alllowercaseletters', ['admin.password.too-simple']],
    ['Marie.Dupont-2025', ['admin.password.too-guessable']],
    ['MotDePasse-2025!', ['admin.password.too-guessable']],
    ['Correct-Horse-42-battery', []],
    ['une phrase de passe longue et simple', []],
  ])('judges %s', (password, problems) => {
    expect(passwordProblems(password, 'marie.dupont@example.org')).toEqual(problems);
  });
});

describe('accounts', () => {
  it('stores hashes only, owner-readable, refuses weak passwords and duplicates', async () => {
    const dir = join(tmp, 'accounts');
    const accounts = openAccounts(dir);
    await expect(accounts.add({ email: 'a@example.org', role: 'admin' }, 'password123')).rejects.toMatchObject({
      code: 'weak-password',
    });
    const user = await accounts.add(
      { email: 'A@Example.org', role: 'editor', organizations: ['APPASE'] },
      'Correct-Horse-42-battery',
    );
    expect(user).toMatchObject({ email: 'a@example.org', role: 'editor', name: 'a', organizations: ['APPASE'] });
    await expect(
      accounts.add({ email: 'a@example.org', role: 'admin' }, 'Correct-Horse-42-battery'),
    ).rejects.toMatchObject({ code: 'user-exists' });
    const text = readFileSync(accounts.file, 'utf8');
    expect(text).not.toContain('Correct-Horse');
    expect(statSync(accounts.file).mode & 0o777).toBe(0o600);
    expect(await accounts.authenticate('a@example.org', 'Correct-Horse-42-battery')).toBeDefined();
    await accounts.setPassword('a@example.org', 'Another-Horse-43-battery');
    expect(await accounts.authenticate('a@example.org', 'Correct-Horse-42-battery')).toBeUndefined();
    expect(await accounts.authenticate('nobody@example.org', 'Correct-Horse-42-battery')).toBeUndefined();
  });
});

describe('sessions', () => {
  it('expire after idle time and after their absolute lifetime', () => {
    let now = 0;
    const sessions = createSessions({ idleMs: 100, absoluteMs: 250, now: () => now });
    const { token } = sessions.create('a@example.org');
    now = 90;
    expect(sessions.touch(token)).toBeDefined();
    now = 180;
    expect(sessions.touch(token)).toBeDefined();
    now = 260;
    expect(sessions.touch(token)).toBeUndefined();
    const second = sessions.create('a@example.org').token;
    now = 400;
    expect(sessions.touch(second)).toBeUndefined();
    expect(sessions.touch('forged')).toBeUndefined();
    sessions.close();
  });
});

describe('login limiter', () => {
  it('limits attempts per IP across accounts, with a retry delay', async () => {
    const limiter = createLoginLimiter({ perIp: 3, perAccount: 10, windowSeconds: 60 });
    for (const email of ['a', 'b', 'c']) await limiter.before('10.0.0.1', email);
    await expect(limiter.before('10.0.0.1', 'd')).rejects.toMatchObject({
      status: 429,
      details: { retryAfter: expect.any(Number) },
    });
    await expect(limiter.before('10.0.0.2', 'd')).resolves.toBeUndefined();
  });
});

describe('CSV', () => {
  const entry = Entry.parse({
    id: 'gap.csv',
    name: '=HYPERLINK("http://evil")',
    kind: 'association',
    themes: ['basic.food', 'basic.clothing'],
    summary: { fr: 'Résumé, avec "guillemets"', en: 'Summary' },
    area: { level: 'national', codes: [] },
    phones: [{ number: '+33492000000', label: { fr: 'Accueil' } }],
    free: true,
    sources: [{ url: 'https://example.org', title: 't', date: '2025', attests: 'a' }],
    verifiedAt: '2025-01-01',
    verifiedBy: 'x',
    status: 'draft',
    updatedAt: '2025-01-01T00:00:00Z',
    version: 3,
  });

  it('neutralises formulas for spreadsheets and reads its own output back', () => {
    const csv = entriesToCsv([entry]);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    const { drafts, problems } = csvToDrafts(csv);
    expect(problems).toEqual([]);
    expect(Entry.parse(drafts[0])).toEqual(entry);
  });

  it('reports unreadable JSON cells with their row', () => {
    const { problems } = csvToDrafts('id,phones\ngap.x,[oops\n');
    expect(problems).toEqual([{ entry: 'gap.x', field: 'phones', message: 'expected a JSON list' }]);
  });
});

describe('rights', () => {
  const editor = {
    email: 'e@example.org',
    role: 'editor' as const,
    name: 'E',
    organizations: ['APPASE'],
    entries: ['gap.one'],
    createdAt: '',
    passwordChangedAt: '',
  };
  it.each([
    [{ id: 'gap.x', organization: 'APPASE' }, true],
    [{ id: 'gap.x', organization: 'appase ' }, true],
    [{ id: 'gap.one', organization: 'Autre' }, true],
    [{ id: 'gap.y', organization: 'Autre' }, false],
    [{ id: 'gap.z' }, false],
  ])('editor of APPASE and gap.one may edit %o: %s', (entry, allowed) => expect(canEdit(editor, entry)).toBe(allowed));
  it('lets admins edit everything', () =>
    expect(canEdit({ ...editor, role: 'admin', organizations: [], entries: [] }, { id: 'x' })).toBe(true));
  it('lets observers edit nothing, even entries or organisations listed on their account', () =>
    expect(canEdit({ ...editor, role: 'observer' }, { id: 'gap.one', organization: 'APPASE' })).toBe(false));
  it.each([
    ['admin', ['account', 'user', 'insights', 'texts', 'admin']],
    ['editor', ['account', 'user']],
    ['observer', ['account', 'insights']],
    ['translator', ['account', 'texts']],
  ] as const)('lets %s use the routes %o', (role, levels) =>
    expect(Object.keys(ACCESS).filter((level) => mayUse(role, level as keyof typeof ACCESS))).toEqual(levels),
  );
});

describe('helpers', () => {
  it('diffs field by field, ignoring version and updatedAt', () => {
    expect(diffEntries({ a: 1, b: [1, 2], version: 1 }, { a: 2, b: [1], c: { d: 'x' }, version: 2 })).toEqual([
      { field: 'a', before: 1, after: 2 },
      { field: 'b.1', before: 2 },
      { field: 'c.d', after: 'x' },
    ]);
  });

  it('merges patches as RFC 7396 says', () => {
    expect(mergePatch({ a: { b: 1, c: 2 }, d: [1] }, { a: { b: null, e: 3 }, d: [2] })).toEqual({
      a: { c: 2, e: 3 },
      d: [2],
    });
  });

  it.each([
    ['2026-11-27', '2025-11-27'],
    ['2028-02-29', '2027-02-28'],
  ])('counts twelve months back from %s', (today, cutoff) => expect(monthsBefore(today, 12)).toBe(cutoff));

  it('gives the calendar date in Paris', () => {
    expect(parisToday(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01');
  });
});
