import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAreas } from '../src/directory/areas.js';
import { distanceKm } from '../src/directory/positions.js';
import { hoursStatus, parseHours } from '../src/directory/hours.js';
import { buildIndex, type DirectoryIndex } from '../src/directory/search.js';
import { isStale } from '../src/directory/rules.js';
import { openDirectory } from '../src/directory/store.js';
import { DirectoryError, validateDirectory } from '../src/directory/validate.js';
import type { Entry } from '../src/directory/schema.js';
import { directoryJsonSchema } from '../src/cli/directory.js';
import { FIXTURES, removeTempDirs, ROOT, tempDir } from './harness/paths.js';
import { testEntry } from './helpers/entry.js';

const REAL = join(ROOT, 'data', 'directory.json');
const areas = loadAreas('05');
const tmp = () => tempDir('passerelle-dir-');
afterAll(removeTempDirs);
const realEntries = (): Entry[] => validateDirectory(JSON.parse(readFileSync(REAL, 'utf8'))).data!.entries;

const entry = testEntry;

describe('the real directory', () => {
  const entries = realEntries();

  it('is valid, has at least 40 entries and the national emergency numbers first', () => {
    expect(entries.length).toBeGreaterThanOrEqual(40);
    const emergency = entries.filter((e) => e.themes.includes('emergency.general')).map((e) => e.phones[0]?.number);
    expect(emergency).toEqual(['112', '15', '17', '18', '114', '115', '3919', '119', '3114']);
  });

  it('lists sources and a verification date on every entry, and flags partial facts', () => {
    for (const e of entries) {
      expect(e.sources.length, e.id).toBeGreaterThan(0);
      expect(Date.parse(e.verifiedAt), e.id).not.toBeNaN();
    }
    expect(entries.filter((e) => e.status === 'needs-verification').length).toBeGreaterThan(10);
  });

  it('gives every entry a dated source, and a verifiedAt no later than its newest dated source allows', () => {
    for (const e of realEntries()) {
      const dated = e.sources.filter((s) => !/^undated/i.test(s.date));
      expect(dated.length, e.id).toBeGreaterThan(0);
      // The year of verifiedAt appears in one of the dated sources' dates: it comes from a source.
      expect(
        dated.some((s) => s.date.includes(e.verifiedAt.slice(0, 4))),
        e.id,
      ).toBe(true);
    }
  });

  // The phone numbers of the research notes that entries' own sources do not spell out, with the
  // sources the notes cite for them (copied into test/fixtures/research, see its README).
  const notes = JSON.parse(readFileSync(join(FIXTURES, 'research', 'phones.json'), 'utf8')) as {
    phones: { number: string; sources: { url: string }[] }[];
  };
  it('shows no phone number that its sources do not mention', () => {
    const digits = (text: string) => text.replace(/[\s.\u00a0-]/g, '');
    const research = notes.phones.map((p) => digits(p.number)).join('\n');
    for (const e of entries) {
      for (const { number } of e.phones) {
        const national = number.startsWith('+33') ? `0${number.slice(3)}` : number;
        const attested = e.sources.some((s) => s.attests.replace(/[\s.-]/g, '').includes(national));
        expect(research.includes(national) || attested, `${e.id} ${number}`).toBe(true);
        if (attested) continue;
        // The entry cites a source the notes give for that number.
        const noted = notes.phones.find((p) => digits(p.number) === national);
        expect(
          noted?.sources.some((n) => e.sources.some((s) => s.url === n.url)),
          `${e.id} ${number}: cites a source the research notes give for it`,
        ).toBe(true);
      }
    }
  });

  it('matches its committed JSON Schema', () => {
    expect(JSON.parse(readFileSync(join(ROOT, 'data', 'directory.schema.json'), 'utf8'))).toEqual(
      JSON.parse(JSON.stringify(directoryJsonSchema())),
    );
  });
});

describe('validation and loading', () => {
  it.each([
    ['a bad phone', { phones: [{ number: '04 92 00 00 00' }] }, 'phones.0.number'],
    ['an unknown theme', { themes: ['housing.castle'] }, 'themes.0'],
    ['no source', { sources: [] }, 'sources'],
    ['bad opening hours', { hours: { osm: 'Mo-Fr 25:00-26:00' } }, 'hours.osm'],
    ['a summary without French', { summary: { en: 'Only English' } }, 'summary.fr'],
    ['notes as the checker', { verifiedBy: 'research notes (shared/research)' }, 'verifiedBy'],
    ['a file as the checker', { verifiedBy: 'actors.json' }, 'verifiedBy'],
  ])('reports %s with the entry id and field', (_name, over, field) => {
    const { data, problems } = validateDirectory({ schemaVersion: 1, entries: [entry(over as Partial<Entry>)] });
    expect(data).toBeUndefined();
    expect(problems.map((p) => `${p.entry} ${p.field}`)).toContain(`test.entry ${field}`);
  });

  it.each(['Passerelle (desk research, 2026-12-03)', 'Alice Admin', 'APPASE'])(
    'accepts a person or an organisation as the checker: %s',
    (verifiedBy) => {
      expect(validateDirectory({ schemaVersion: 1, entries: [entry({ verifiedBy })] }).problems).toEqual([]);
    },
  );

  it('reports duplicate ids', () => {
    expect(validateDirectory({ schemaVersion: 1, entries: [entry(), entry()] }).problems).toEqual([
      { entry: 'test.entry', field: 'id', message: 'is used by another entry' },
    ]);
  });

  it.each([
    ['missing', null, 'does not exist'],
    ['corrupt', '{"schemaVersion": 1, "entries": [', 'cannot be read'],
    ['invalid', JSON.stringify({ schemaVersion: 1, entries: [{ id: 'x' }] }), 'x name'],
  ])('refuses a %s file with a clear message and never writes it', async (_name, content, message) => {
    const file = join(tmp(), 'directory.json');
    if (content !== null) writeFileSync(file, content);
    const error = await openDirectory(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DirectoryError);
    expect(String((error as Error).message)).toContain(message);
    if (content !== null) expect(readFileSync(file, 'utf8')).toBe(content);
  });

  it('writes valid changes atomically and keeps the old data when a change is invalid', async () => {
    const file = join(tmp(), 'directory.json');
    copyFileSync(REAL, file);
    const store = await openDirectory(file);
    const seen: number[] = [];
    store.onChange((all) => seen.push(all.length));
    await store.update((d) => void (d.entries[0].name = '112 — urgence'));
    expect(JSON.parse(readFileSync(file, 'utf8')).entries[0].name).toBe('112 — urgence');
    const before = readFileSync(file, 'utf8');
    await expect(store.update((d) => void (d.entries[0].phones = [{ number: 'not a phone' }]))).rejects.toThrow(
      DirectoryError,
    );
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(store.get('national.112')!.phones[0].number).toBe('112');
    expect(seen).toEqual([realEntries().length]);
  });
});

describe('areas', () => {
  it('knows every current commune of the Hautes-Alpes and both arrondissements', () => {
    expect(areas.communes.size).toBeGreaterThan(150);
    expect(areas.arrondissements.map((a) => a.name).sort()).toEqual(['Briançon', 'Gap']);
  });

  it.each([
    ['Gap', 'Gap'],
    ['GAP', 'Gap'],
    ['05000', 'Gap'],
    ['Briancon', 'Briançon'],
    ['briançon', 'Briançon'],
    ['Brianson', 'Briançon'],
    ['05100', 'Briançon'],
    ['laragne', 'Laragne-Montéglin'],
    ['St Bonnet', 'Saint-Bonnet-en-Champsaur'],
    ['Embrun', 'Embrun'],
    ["L'Argentière-la-Bessée", "L'Argentière-la-Bessée"],
    ['argentiere la bessee', "L'Argentière-la-Bessée"],
    ['Abriès', 'Abriès-Ristolas'],
  ])('finds "%s" → %s', (typed, name) => {
    expect(areas.findCommune(typed)?.name).toBe(name);
  });

  it.each(['Paris', 'xyz', '', '75001'])('does not invent a commune of the département for "%s"', (typed) => {
    expect(areas.findCommune(typed)).toBeNull();
  });

  it('recognises a commune elsewhere in France', () => {
    expect(areas.findElsewhere('marseille')).toBe('Marseille');
  });

  it('places a commune in its arrondissement, département and region', () => {
    expect(areas.place(areas.findCommune('Embrun')!.code)).toEqual({
      commune: '05046',
      arrondissement: '052',
      departement: '05',
      region: '93',
    });
  });
});

describe('commune positions (GeoNames cities-500, CC BY 4.0)', () => {
  const km = (a: string, b: string) => distanceKm(areas.positions.get(a)!, areas.positions.get(b)!);

  it('places every commune of the département, the smaller ones near their intercommunality', () => {
    expect([...areas.communes.keys()].filter((c) => !areas.positions.has(c))).toEqual([]);
    expect(areas.positions.get('05061')).toMatchObject({ approximate: false });
    const approximate = [...areas.positions.values()].filter((p) => p.approximate).length;
    expect(approximate).toBeGreaterThan(0);
    expect(approximate).toBeLessThan(areas.communes.size);
  });

  it.each([
    ['Gap', '05061', 'Briançon', '05023', 55, 62],
    ['Gap', '05061', 'Veynes', '05179', 18, 23],
    ['Gap', '05061', 'Embrun', '05046', 30, 36],
    ['Briançon', '05023', 'Embrun', '05046', 36, 42],
  ])('%s – %s is as far as on a map (km, as the crow flies)', (_a, a, _b, b, min, max) => {
    expect(km(a, b)).toBeGreaterThan(min);
    expect(km(a, b)).toBeLessThan(max);
    expect(km(a, a)).toBe(0);
  });

  it('keeps an approximate commune inside the département, near its neighbours', () => {
    // Névache (05093, ~350 inhabitants) is in the Briançonnais: nearer Briançon than Gap.
    expect(areas.positions.get('05093')!.approximate).toBe(true);
    expect(km('05093', '05023')).toBeLessThan(km('05093', '05061'));
  });
});

describe('opening hours (Europe/Paris, French public holidays)', () => {
  const oh = parseHours('Mo-Fr 09:00-12:00,14:00-17:00; PH off');
  it.each([
    ['a Friday morning in Paris', '2026-11-27T09:30:00Z', true, '2026-11-27T12:00'],
    ['a Friday at lunch', '2026-11-27T11:30:00Z', false, '2026-11-27T14:00'],
    ['Christmas, a public holiday', '2026-12-25T10:00:00Z', false, '2026-12-28T09:00'],
    ['summer time (UTC+2)', '2026-07-01T07:30:00Z', true, '2026-07-01T12:00'],
    ['Sunday', '2026-11-29T10:00:00Z', false, '2026-11-30T09:00'],
  ])('%s', (_name, at, open, next) => {
    expect(hoursStatus(oh, new Date(at))).toEqual({ open, nextChange: next });
  });
});

describe('search', () => {
  let index: DirectoryIndex;
  beforeAll(() => {
    index = buildIndex(realEntries(), areas, () => []);
  });
  const top = (q: string, extra = {}) => index.search({ q, limit: 3, ...extra }).map((h) => h.entry.id);

  it.each([
    ['prefecture', 'gap.prefecture'],
    ['préfecture', 'gap.prefecture'],
    ['PREFECTURE', 'gap.prefecture'],
    ['prefectur', 'gap.prefecture'],
    ['mission locale', 'hautes-alpes.mission-locale'],
    ['misson locale', 'hautes-alpes.mission-locale'],
    ['cimade', 'hautes-alpes.cimade'],
    ['cimad', 'hautes-alpes.cimade'],
    ['restos du coeur', 'gap.restos-du-coeur'],
    ['restos du cœur', 'gap.restos-du-coeur'],
    ['refuge solidaire', 'briancon.refuges-solidaires'],
    ['france travail briancon', 'briancon.france-travail'],
    ['pass hopital gap', 'gap.pass-chicas'],
    ['osiris', 'marseille.osiris'],
    ['violences femmes', 'national.3919'],
  ])('"%s" finds %s first', (q, id) => {
    expect(top(q)[0]).toBe(id);
  });

  it("filters by theme and prefers the user's own arrondissement", () => {
    const briancon = index.search({ themes: ['work.job-search'], commune: areas.findCommune('Briançon')!.code });
    expect(briancon[0].entry.id).toBe('briancon.france-travail');
    expect(briancon.map((h) => h.entry.id)).not.toContain('gap.france-travail');
    const gap = index.search({ themes: ['work.job-search'], commune: '05061' });
    expect(gap[0].entry.id).toBe('gap.france-travail');
  });

  it.each([
    ['Gap', '05061', ['gap.mds-bonne', 'gap.mds-cezanne'], 'veynes.mds'],
    ['Briançon', '05023', ['briancon.mds'], 'embrun.mds'],
    ['Veynes', '05179', ['veynes.mds'], 'gap.mds-bonne'],
    ['Embrun', '05046', ['embrun.mds'], 'gap.mds-bonne'],
  ])('finds the nearest "maison des solidarités" first for %s', (_town, commune, here, next) => {
    const hits = index.search({ q: 'maison des solidarités', commune, limit: 6 });
    const ids = hits.map((h) => h.entry.id);
    expect(ids.slice(0, here.length).sort()).toEqual(here);
    expect(ids[here.length]).toBe(next);
    expect(hits.slice(0, here.length).every((h) => h.distanceKm === 0)).toBe(true);
    // Within 50 km distance orders them; farther, a département-wide service weighs as such.
    const km = hits.map((h) => h.distanceKm!).filter((d) => d < 50);
    expect(km).toEqual([...km].sort((a, b) => a - b));
  });

  it("lists the services of the theme in the user's commune before those elsewhere", () => {
    const hits = index.search({ themes: ['rights.access'], commune: '05046', limit: 3 });
    expect(hits[0].entry.id).toBe('embrun.mds');
    expect(index.search({ themes: ['rights.access'], limit: 3 }).every((h) => h.distanceKm === undefined)).toBe(true);
  });

  it('ranks local, then département-wide, then national', () => {
    const hits = index.search({ themes: ['housing.emergency-shelter'], commune: '05061', limit: 20 });
    const ranks = hits.map((h) => ['arrondissement', 'departement', 'national'].indexOf(h.locality));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(hits.at(-1)!.locality).toBe('national');
  });

  it('keeps only national entries for someone elsewhere in France', () => {
    expect(
      new Set(index.search({ themes: ['housing'], commune: 'elsewhere', limit: 50 }).map((h) => h.locality)),
    ).toEqual(new Set(['national']));
  });

  it('filters on language spoken, open now, and hides drafts and archived entries', () => {
    const custom = buildIndex(
      [
        entry({ id: 'a.ar', languagesSpoken: ['ar'], hours: { osm: '24/7' } }),
        entry({ id: 'b.closed', hours: { osm: 'Mo 09:00-10:00' } }),
        entry({ id: 'c.draft', status: 'draft' }),
        entry({ id: 'd.archived', status: 'archived' }),
      ],
      areas,
    );
    expect(custom.search({ languages: ['ar'] }).map((h) => h.entry.id)).toEqual(['a.ar']);
    expect(custom.search({ openNow: true, at: new Date('2026-11-27T10:00:00Z') }).map((h) => h.entry.id)).toEqual([
      'a.ar',
    ]);
    expect(
      custom
        .search({})
        .map((h) => h.entry.id)
        .sort(),
    ).toEqual(['a.ar', 'b.closed']);
    expect(custom.search({ lang: 'ar' })[0].entry.id).toBe('a.ar');
  });

  it('flags entries not verified for twelve months', () => {
    expect(isStale('2025-11-01', Date.parse('2026-11-27'))).toBe(true);
    expect(isStale('2026-01-01', Date.parse('2026-11-27'))).toBe(false);
    // The anniversary day itself is still fresh, for the bot and the review queue alike.
    expect(isStale('2025-11-27', Date.parse('2026-11-27T23:30:00Z'))).toBe(true);
    expect(isStale('2025-11-28', Date.parse('2026-11-27T10:00:00Z'))).toBe(false);
    expect(isStale('2025-11-27', Date.parse('2026-11-27T10:00:00Z'))).toBe(false);
  });
});
