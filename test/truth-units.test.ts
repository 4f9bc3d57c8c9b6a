// Keeping the directory true (issue 13), module by module: the one freshness rule on its anniversary
// days, notices, sites, masking, official sources, confirmation links, the campaign and the chat lines.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openConfirmLinks } from '../src/admin/confirmLinks.js';
import { maskPersonalData } from '../src/admin/mask.js';
import { reviewQueue } from '../src/admin/queries.js';
import { campaignCsv, soughtActors, toReverify } from '../src/cli/campaign.js';
import { render } from '../src/dialogs/render.js';
import { loadAreas } from '../src/directory/areas.js';
import { formatPartialDate } from '../src/directory/present/formatEntry.js';
import { formatHit } from '../src/directory/present/formatHit.js';
import { toHsdsService } from '../src/directory/present/hsds.js';
import { currentNotices, freshness, isStale, withoutSuperseded, type Freshness } from '../src/directory/rules.js';
import type { Entry } from '../src/directory/schema.js';
import { buildIndex } from '../src/directory/search.js';
import { entryCommunes, sitesNearest } from '../src/directory/sites.js';
import { isOfficialSource, sourceSite } from '../src/directory/sourceKind.js';
import { validateDirectory } from '../src/directory/validate.js';
import { loadCatalog } from '../src/i18n/catalog.js';
import { DEFAULT_OFFICIAL_DOMAINS } from '../src/config.js';
import { removeTempDirs, ROOT, tempDir } from './harness/index.js';
import { testEntry } from './helpers/entry.js';

const areas = loadAreas('05');
const catalog = loadCatalog(join(ROOT, 'locales'));
const fr = { locale: 'fr', tag: 'fr-FR', rtl: false };
/** Noon in Paris on a day (winter: UTC+1). */
const noon = (day: string) => Date.parse(`${day}T11:00:00Z`);
const realEntries = () =>
  validateDirectory(JSON.parse(readFileSync(join(ROOT, 'data', 'directory.json'), 'utf8'))).data!.entries;

afterAll(() => removeTempDirs());

describe('the one freshness rule', () => {
  it.each<[string, string, Freshness]>([
    ['2026-06-03', '2026-12-03', 'fresh'], // 6 months to the day: not older than 6 months yet
    ['2026-06-03', '2026-12-04', 'dated'],
    ['2025-12-03', '2026-12-03', 'dated'], // the 12-month anniversary: not "call before going" yet
    ['2025-12-03', '2026-12-04', 'call-first'],
    ['2024-12-03', '2026-12-03', 'call-first'], // the 24-month anniversary
    ['2024-12-03', '2026-12-04', 'very-old'],
    ['2024-12', '2026-12-01', 'call-first'], // a month-only date counts from the 1st
    ['2024-12', '2026-12-02', 'very-old'],
    ['2025', '2026-01-01', 'dated'],
    ['2025', '2026-01-02', 'call-first'],
  ])('%s is %s on %s', (verifiedAt, day, level) => {
    expect(freshness(verifiedAt, noon(day))).toBe(level);
    expect(isStale(verifiedAt, noon(day))).toBe(level === 'call-first' || level === 'very-old');
  });

  it('turns at midnight in Paris, not in UTC', () => {
    expect(freshness('2025-12-03', Date.parse('2026-12-03T22:30:00Z'))).toBe('dated'); // 23:30 in Paris
    expect(freshness('2025-12-03', Date.parse('2026-12-03T23:30:00Z'))).toBe('call-first'); // 00:30 the 4th
  });

  it('gives the same level in the chat, the read API index, the review queue and the campaign', () => {
    const at = noon('2026-12-04');
    const entries = [
      testEntry({ id: 'a.fresh', verifiedAt: '2026-06-04' }),
      testEntry({ id: 'a.dated', verifiedAt: '2025-12-04' }),
      testEntry({ id: 'a.call', verifiedAt: '2025-12-03' }),
      testEntry({ id: 'a.old', verifiedAt: '2024-12-03' }),
    ];
    const index = buildIndex(entries, areas);
    const queue = reviewQueue(entries, { name: 'A', role: 'admin' } as never, new Date(at));
    for (const e of entries) {
      const level = freshness(e.verifiedAt, at);
      expect(index.get(e.id, new Date(at))!.freshness, e.id).toBe(level);
      expect(queue.find((q) => q.id === e.id)?.freshness ?? 'fresh', e.id).toBe(
        level === 'call-first' || level === 'very-old' ? level : 'fresh',
      );
    }
    expect(toReverify(entries, at).map((e) => e.id)).toEqual(['a.dated', 'a.call', 'a.old']);
    expect(index.search({ themes: ['basic.food'], at: new Date(at), limit: 10 }).map((h) => h.entry.id)).toEqual([
      'a.fresh',
      'a.dated',
      'a.call',
      'a.old',
    ]);
  });

  it('says "confirmed by the service" in the chat when the service itself dates the entry', () => {
    const confirmed = testEntry({
      verifiedAt: '2026-12-03',
      verifications: [{ method: 'service', date: '2026-12-03', by: 'le service', recordedAt: '2026-12-03T10:00:00Z' }],
    });
    const hit = buildIndex([confirmed], areas).get(confirmed.id, new Date(noon('2026-12-03')))!;
    const date = formatPartialDate('2026-12-03', fr);
    expect(formatHit(hit, catalog.t('fr'), fr)).toContain(catalog.t('fr')('common.result.confirmed', { date }));
    const byPhone = { ...confirmed, verifications: [{ ...confirmed.verifications![0], method: 'phone' as const }] };
    const other = buildIndex([byPhone], areas).get(byPhone.id, new Date(noon('2026-12-03')))!;
    expect(formatHit(other, catalog.t('fr'), fr)).toContain(catalog.t('fr')('common.result.checked', { date }));
  });

  it('no longer offers a very old entry when a fresher one serves the same need as widely', () => {
    const phones = [{ number: '115' }];
    const hit = (id: string, themes: Entry['themes'], level: Freshness, locality = 'departement', phone = true) => ({
      entry: { id, themes, phones: phone ? phones : [] },
      freshness: level,
      locality,
    });
    const ids = (hits: ReturnType<typeof hit>[], themes?: string[]) =>
      withoutSuperseded(hits, themes).map((h) => h.entry.id);
    const food = [
      hit('old.food', ['basic.food'], 'very-old'),
      hit('new.food', ['basic.food'], 'call-first'),
      hit('old.clothes', ['basic.clothing'], 'very-old'),
    ];
    expect(ids(food)).toEqual(['new.food', 'old.clothes']);
    expect(ids(food, ['basic.clothing'])).toEqual(['old.food', 'new.food', 'old.clothes']);
    // A local service does not hide a national line, nor one without a phone a line people can call.
    const shelter = ['housing.emergency-shelter'] as Entry['themes'];
    expect(ids([hit('line.115', shelter, 'very-old', 'national'), hit('local', shelter, 'dated', 'commune')])).toEqual([
      'line.115',
      'local',
    ]);
    expect(ids([hit('old', shelter, 'very-old'), hit('no.phone', shelter, 'fresh', 'departement', false)])).toEqual([
      'old',
      'no.phone',
    ]);
    expect(ids([hit('old', shelter, 'very-old', 'commune'), hit('wide', shelter, 'fresh', 'national')])).toEqual([
      'wide',
    ]);
  });
});

describe('notices', () => {
  const e = testEntry({
    notices: [{ kind: 'closure', start: '2026-12-20', end: '2027-01-02', text: { fr: 'Fermé.' } }],
  });
  it.each([
    ['2026-12-19T22:59:00Z', 0], // 23:59 the 19th in Paris
    ['2026-12-19T23:00:00Z', 1], // 00:00 the 20th
    ['2027-01-02T22:59:00Z', 1],
    ['2027-01-02T23:00:00Z', 0],
  ])('at %s: %i in force', (at, count) => {
    expect(currentNotices(e, Date.parse(at))).toHaveLength(count);
  });

  it('refuses a notice that ends before it starts, or a day that does not exist', () => {
    const bad = (start: string, end: string) =>
      validateDirectory({
        schemaVersion: 1,
        entries: [testEntry({ notices: [{ kind: 'move', start, end, text: { fr: 'x' } }] })],
      }).problems.map((p) => p.field);
    expect(bad('2026-12-10', '2026-12-01')).toEqual(['notices.0.end']);
    expect(bad('2026-02-30', '2026-03-01')).toEqual(['notices.0.start']);
  });
});

describe('sites', () => {
  const cimade = realEntries().find((e) => e.id === 'hautes-alpes.cimade')!;
  it("lists an entry's communes (address and sites) for distance ranking", () => {
    expect(entryCommunes(cimade)).toEqual(['05061', '05023']);
    expect(entryCommunes(testEntry())).toEqual([]);
  });

  it('orders sites nearest the user first: same commune, same arrondissement, then the rest', () => {
    const towns = (commune?: string) =>
      sitesNearest(cimade, commune, areas, new Date()).map((s) => [s.site.address.town, s.distance]);
    expect(towns('05023')).toEqual([
      ['Briançon', 0],
      ['Gap', 2],
    ]);
    expect(towns('05046')).toEqual([
      ['Gap', 1],
      ['Briançon', 2],
    ]);
    expect(towns(undefined)).toEqual([
      ['Gap', 2],
      ['Briançon', 2],
    ]);
  });

  it('computes "open now" and "next opening" per site, and refuses hours that do not parse', () => {
    const e = testEntry({
      sites: [{ address: { town: 'Gap', inseeCode: '05061' }, hours: 'We 14:00-17:00' }],
    });
    const [site] = sitesNearest(e, '05061', areas, new Date('2026-12-02T14:00:00Z')); // Wednesday 15:00
    expect(site.hours).toEqual({ open: true, nextChange: '2026-12-02T17:00' });
    const bad = testEntry({ sites: [{ address: { town: 'Gap', inseeCode: '05061' }, hours: 'sometimes' }] });
    const { problems } = validateDirectory({ schemaVersion: 1, entries: [bad] });
    expect(problems.map((p) => p.field)).toEqual(['sites.0.hours']);
  });

  it('shows the nearest site, its days and the other towns in the chat, and current notices', () => {
    const index = buildIndex(realEntries(), areas);
    const [hit] = index.search({ q: 'cimade', commune: '05023', limit: 1 });
    const text = formatHit(hit, catalog.t('en'), { locale: 'en', tag: 'en-GB', rtl: false });
    expect(text).toContain('📍 05100 Briançon');
    expect(text).toContain(catalog.t('en')('common.result.other-sites', { towns: 'Gap' }));
    const noticed = {
      ...hit,
      notices: [{ kind: 'holidays' as const, start: '2026-12-24', end: '2026-12-26', text: { fr: 'Fermé le 25.' } }],
    };
    const line = formatHit(noticed, catalog.t('en'), { locale: 'en', tag: 'en-GB', rtl: false });
    expect(line).toContain(`**${catalog.t('en')('common.notice.holidays')}**`);
    expect(line).toContain(`Fermé le 25. ${catalog.t('en')('common.result.in-french')}`);
  });

  it('exports one HSDS service_at_location per site and the current notices as alert', () => {
    const restos = realEntries().find((e) => e.id === 'gap.restos-du-coeur')!;
    const service = toHsdsService(restos, areas) as { service_at_locations: { location: { name: string } }[] };
    expect(service.service_at_locations).toHaveLength(1 + 6);
    const noticed = {
      ...restos,
      notices: [
        { kind: 'closure' as const, start: '2026-12-01', end: '2026-12-31', text: { fr: 'Fermé en décembre.' } },
      ],
    };
    expect(toHsdsService(noticed, areas, noon('2026-12-15')).alert).toMatch(
      /^Fermé en décembre\. \(2026-12-01 – 2026-12-31\)/,
    );
    expect(toHsdsService(noticed, areas, noon('2027-01-01')).alert).not.toContain('Fermé en décembre');
  });
});

describe('reports are masked before storage', () => {
  it.each([
    ['Le 04 92 40 61 61 ne répond plus', 'Le [phone] ne répond plus'],
    ['appelez le 06.12.34.56.78 ou +44 20 7946 0958', 'appelez le [phone] ou [phone]'],
    ['écrivez à marie.curie@example.org', 'écrivez à [email]'],
    ['un numéro faux 0612 345 678 9', 'un numéro faux [phone]'],
    [
      'ouvert de 9h à 12h le 3 mai, le 115 marche, code 05000',
      'ouvert de 9h à 12h le 3 mai, le 115 marche, code 05000',
    ],
  ])('%s', (text, masked) => {
    expect(maskPersonalData(text)).toBe(masked);
  });
});

describe('sources say what they are', () => {
  it.each([
    ['https://www.service-public.gouv.fr/particuliers/vosdroits/F1460', true],
    ['https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI1', true],
    ['https://www.ameli.fr/assure', true],
    ['https://www.avocat-dassant.fr/publications/loi-immigration', false],
    ['https://alpesdusud.alpes1.com/news/hautes-alpes/1', false],
    ['https://evilgouv.fr/x', false],
    ['https://gouv.fr.example.com/x', false],
  ])('%s official: %s', (url, official) => {
    expect(isOfficialSource(url, DEFAULT_OFFICIAL_DOMAINS)).toBe(official);
  });

  it("cites a non-official page of a tree by its site's name in the chat", () => {
    const index = buildIndex([], areas);
    const out = (url: string) =>
      render([{ type: 'text', key: 'common.help', sources: [{ url, date: '2024' }] }], {
        t: catalog.t('fr'),
        tFor: (l: string) => catalog.t(l),
        style: fr,
        profile: {},
        channelId: 'test',
        index,
        emergency: [],
        officialDomains: DEFAULT_OFFICIAL_DOMAINS,
      })[0].text!;
    const blog = 'https://www.avocat-dassant.fr/publications/loi';
    expect(out(blog)).toContain(
      catalog.t('fr')('common.source-other', { site: sourceSite(blog), url: blog, date: '2024' }),
    );
    const official = 'https://www.service-public.gouv.fr/particuliers/vosdroits/F1460';
    expect(out(official)).toContain(catalog.t('fr')('common.source', { url: official, date: '2024' }));
  });

  it('the read view says which source attests each contact fact', async () => {
    const { truthView } = await import('../src/directory/present/truthView.js');
    const pass = realEntries().find((e) => e.id === 'gap.pass-chicas')!;
    const view = truthView(
      { entry: pass, locality: 'arrondissement', stale: true, score: 0 },
      'fr',
      DEFAULT_OFFICIAL_DOMAINS,
    );
    expect(view.attestedBy).toEqual({ phones: [0], address: 0 });
    expect(view.sources.map((s) => [s.site, s.official])).toEqual([
      ['oscarsante.org', false],
      ['paca.ars.sante.fr', true],
    ]);
  });
});

describe('confirmation links', () => {
  const SECRET = 'unit-test-secret-of-at-least-32-chars';
  it('are signed, expire after 30 days, and can be withdrawn', async () => {
    let now = Date.parse('2026-12-03T10:00:00Z');
    const dir = tempDir();
    const links = await openConfirmLinks(dir, SECRET, () => now);
    const { token, link } = await links.issue('gap.pass-chicas', 'admin@example.org');
    expect(links.check(token)).toMatchObject({ id: link.id, entryId: 'gap.pass-chicas' });
    const other = await openConfirmLinks(dir, 'another-secret-of-at-least-32-chars!!', () => now);
    expect(() => other.check(token)).toThrow(expect.objectContaining({ status: 403, code: 'link-invalid' }));
    expect(() => links.check(`${token.split('.')[0]}.AAAA`)).toThrow(expect.objectContaining({ status: 403 }));
    now += 30 * 86_400_000 - 1;
    expect(links.check(token).id).toBe(link.id);
    now += 1;
    expect(() => links.check(token)).toThrow(expect.objectContaining({ status: 410, code: 'link-expired' }));
    now -= 86_400_000;
    await links.revoke(link.id, 'admin@example.org');
    const reopened = await openConfirmLinks(dir, SECRET, () => now); // the revocation is on disk
    expect(() => reopened.check(token)).toThrow(expect.objectContaining({ status: 410, code: 'link-revoked' }));
  });

  it('cannot be made or opened without a secret', async () => {
    const links = await openConfirmLinks(tempDir(), undefined);
    await expect(links.issue('gap.pass-chicas', 'a')).rejects.toMatchObject({ status: 503, code: 'links-disabled' });
  });
});

describe('the campaign', () => {
  it('reads the actors sought and not found in data/SOURCES.md', () => {
    const actors = soughtActors(readFileSync(join(ROOT, 'data', 'SOURCES.md'), 'utf8'));
    expect(actors.length).toBeGreaterThan(15);
    expect(actors[0]).toEqual({
      actor: 'CCAS de Gap (domiciliation, social help)',
      whoToAsk: 'Maison des solidarités de Gap (Bonne 04 86 15 30 30); 3039',
    });
  });

  it('lists the entries to re-verify by organisation, with working links when the secret is set', async () => {
    const dir = tempDir();
    const now = () => noon('2026-12-03');
    const csv = await campaignCsv({
      entries: realEntries(),
      sourcesFile: join(ROOT, 'data', 'SOURCES.md'),
      stateDir: dir,
      secret: 'campaign-secret-of-at-least-32-characters',
      baseUrl: 'https://passerelle.example',
      now,
    });
    const lines = csv
      .replace(/^\ufeff/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toBe(
      'organisation,entry,name,status,verifiedAt,freshness,phones,email,website,address,whoToAsk,link,linkExpires',
    );
    const pass = lines.find((l) => l.includes(',gap.pass-chicas,'))!;
    const token = /confirmer#([\w.-]+)/.exec(pass)![1];
    const links = await openConfirmLinks(dir, 'campaign-secret-of-at-least-32-characters', now);
    expect(links.check(token).entryId).toBe('gap.pass-chicas');
    expect(lines.some((l) => l.startsWith('"CCAS de Gap') && l.includes('sought-not-found'))).toBe(true);
    expect(lines.find((l) => l.includes(',briancon.refuges-solidaires,'))).toContain(',2026,dated,'); // 6–12 months
    const organisations = lines
      .slice(1)
      .filter((l) => !l.includes('sought-not-found'))
      .map((l) => l.split(',')[0]);
    expect(organisations).toEqual(
      [...organisations].sort((a, b) => a.replace(/"/g, '').localeCompare(b.replace(/"/g, ''), 'fr')),
    );
  });
});

describe('the report action in the chat', () => {
  it('is a link in the text on channels without buttons, when the public address is known', () => {
    const index = buildIndex(realEntries(), areas);
    const activities = render([{ type: 'resources', themes: ['health.pass'], limit: 1, next: 'x' } as never], {
      t: catalog.t('fr'),
      tFor: (l: string) => catalog.t(l),
      style: fr,
      profile: { commune: '05061' },
      channelId: 'sms',
      index,
      emergency: [],
      publicUrl: 'https://passerelle.example',
    });
    const contact = activities.find((a) => (a.channelData as { entry?: string } | undefined)?.entry)!;
    expect(contact.text).toContain('https://passerelle.example/signaler/gap.pass-chicas?lang=fr');
    expect(contact.attachments).toBeUndefined();
  });
});
