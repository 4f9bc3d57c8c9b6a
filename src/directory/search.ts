import MiniSearch from 'minisearch';
import { normalize } from '../engine/text.js';
import type { Areas, Place } from './areas.js';
import { hoursStatus, parisWallClock, parseHours, type HoursStatus } from './hours.js';
import type { Entry } from './schema.js';

export interface Query {
  q?: string;
  /** Themes or theme prefixes ("housing" matches "housing.emergency-shelter"). */
  themes?: string[];
  /** INSEE code of the user's commune; "elsewhere" keeps national entries only. */
  commune?: string;
  /** The user's language: entries speaking it rank higher; `languages` filters on it. */
  lang?: string;
  languages?: string[];
  audience?: string;
  openNow?: boolean;
  limit?: number;
  /** Drafts and archived entries are only for admins. */
  includeUnpublished?: boolean;
  at?: Date;
}

export type Locality = 'commune' | 'arrondissement' | 'departement' | 'region' | 'national' | 'outside';

export interface Hit {
  entry: Entry;
  locality: Locality;
  hours?: HoursStatus;
  stale: boolean;
  score: number;
}

export interface DirectoryIndex {
  /** Matching entries, best first; `limit` defaults to 10 (Infinity for all). */
  search(query: Query): Hit[];
  /** One entry with its hours status and freshness, whatever its status. */
  get(id: string, at?: Date): Hit | undefined;
  size: number;
}

const LOCALITY_RANK: Record<Locality, number> = { commune: 4, arrondissement: 3, departement: 2, region: 1, national: 0.5, outside: 0 };
const STALE_MS = 365 * 24 * 3600 * 1000;

/** Words that occur in nearly every entry (French and English articles, prepositions): not searched. */
const STOP_WORDS = new Set(['de', 'du', 'des', 'la', 'le', 'les', 'l', 'd', 'un', 'une', 'et', 'ou', 'a', 'au', 'aux', 'en', 'pour', 'par', 'sur', 'dans', 'avec', 'the', 'of', 'and', 'or', 'in', 'for', 'to', 'on', 'with', 'an']);

/**
 * Which level of the user's place an entry's area reaches, or "outside" when it does not serve it.
 * With no known place every entry may serve the user; its own level is returned.
 */
export function locality(entry: Entry, place: Place, known: boolean): Locality {
  const { level, codes } = entry.area;
  if (level === 'national' || !known) return level;
  const code = place[level === 'departement' ? 'departement' : level];
  return code && codes.includes(code) ? level : 'outside';
}

/** Opening status is computed only when a hit is read: most hits of a query are never shown. */
function withHours(hit: Omit<Hit, 'hours'>, oh: ReturnType<typeof parseHours> | undefined, at: Date): Hit {
  if (!oh) return hit;
  let status: HoursStatus | undefined;
  return Object.defineProperty(hit, 'hours', { enumerable: true, get: () => (status ??= hoursStatus(oh, at)) }) as Hit;
}

/** Ranking weight of a locality: nearest first; with no known place, wide areas first. */
function localityRank(where: Locality, known: boolean): number {
  if (known) return LOCALITY_RANK[where];
  return where === 'commune' || where === 'arrondissement' ? 0.25 : LOCALITY_RANK[where];
}

export function isStale(entry: Entry, at: Date = new Date()): boolean {
  return at.getTime() - Date.parse(entry.verifiedAt) > STALE_MS;
}

/**
 * Builds the search index: MiniSearch (prefix, typo-tolerant, accent-folded) over names, French and
 * English summaries, theme labels and towns; filters and ranking are applied on its hits. Theme
 * queries read only the entries of their themes serving the user's place.
 */
export function buildIndex(entries: readonly Entry[], areas: Areas, themeLabels: (theme: string) => string[] = () => []): DirectoryIndex {
  const mini = new MiniSearch<{ id: number; name: string; summary: string; themes: string; towns: string }>({
    fields: ['name', 'summary', 'themes', 'towns'],
    processTerm: (term) => {
      const t = normalize(term);
      return t && !STOP_WORDS.has(t) ? t : null;
    },
    tokenize: (text) => normalize(text).split(' '),
    searchOptions: { boost: { name: 3, themes: 2 } },
  });
  // Parsing opening_hours is costly and many entries share a value: parse each value once.
  const parsed = new Map<string, ReturnType<typeof parseHours>>();
  const hours = new Map<Entry, ReturnType<typeof parseHours>>();
  entries.forEach((e, id) => {
    const osm = e.hours?.osm;
    if (osm) {
      if (!parsed.has(osm)) parsed.set(osm, parseHours(osm));
      hours.set(e, parsed.get(osm)!);
    }
    const towns = [e.address?.town, ...(e.area.level === 'commune' ? e.area.codes.map((c) => areas.communes.get(c)?.name) : [])];
    mini.add({
      id,
      name: [e.name, e.organization ?? ''].join(' '),
      // French (the source) and English: what social workers search in; the bot queries by theme.
      summary: [e.summary.fr, e.summary.en ?? ''].join(' '),
      themes: e.themes.flatMap((t) => [t.replace(/[.-]/g, ' '), ...themeLabels(t)]).join(' '),
      towns: towns.filter(Boolean).join(' '),
    });
  });

  const byId = new Map(entries.map((e) => [e.id, e]));
  // Entry positions by theme and by theme group ("housing"), so a theme query reads only its entries.
  const byTheme = new Map<string, number[]>();
  // …and by theme and area served ("housing|commune:05061", "housing|national").
  const byThemeArea = new Map<string, number[]>();
  const push = (map: Map<string, number[]>, key: string, i: number) => {
    if (!map.has(key)) map.set(key, []);
    map.get(key)!.push(i);
  };
  entries.forEach((e, i) => {
    const areaKeys = e.area.level === 'national' ? ['national'] : e.area.codes.map((c) => `${e.area.level}:${c}`);
    for (const key of new Set(e.themes.flatMap((t) => [t, t.split('.')[0]]))) {
      push(byTheme, key, i);
      for (const area of areaKeys) push(byThemeArea, `${key}|${area}`, i);
    }
  });
  const placeKeys = (place: Place) => [
    ...(['commune', 'arrondissement', 'departement', 'region'] as const).filter((l) => place[l]).map((l) => `${l}:${place[l]}`),
    'national',
  ];
  const verifiedMs = entries.map((e) => Date.parse(e.verifiedAt));
  // Ties are broken by name; comparing precomputed positions is far cheaper than collating per pair.
  const collator = new Intl.Collator('fr');
  const nameRank = new Map(entries.map((e, i) => [e, i]));
  [...entries].sort((a, b) => collator.compare(a.name, b.name)).forEach((e, i) => nameRank.set(e, i));
  const ofThemes = (themes: string[], areaKeys?: string[]) =>
    [...new Set(themes.flatMap((t) => (areaKeys ? areaKeys.flatMap((a) => byThemeArea.get(`${t}|${a}`) ?? []) : (byTheme.get(t) ?? []))))];
  return {
    size: entries.length,
    get(id, at = new Date()) {
      const entry = byId.get(id);
      if (!entry) return undefined;
      const oh = hours.get(entry);
      return withHours({ entry, locality: entry.area.level, stale: isStale(entry, at), score: 0 }, oh, at);
    },
    search(query) {
      const at = query.at ?? new Date();
      const known = !!query.commune && query.commune !== 'elsewhere' && areas.communes.has(query.commune);
      const place = areas.place(query.commune);
      const textScores = new Map<number, number>();
      if (query.q?.trim()) {
        // Cheapest first: exact words (the last one as a prefix, as people type), then typo-tolerant,
        // then any word. Fuzzy matching over a large vocabulary is what costs; most queries never need it.
        const last = (term: string, i: number, terms: string[]) => i === terms.length - 1 && term.length >= 3;
        const typo = (term: string) => (term.length >= 8 ? 2 : term.length >= 4 ? 1 : 0);
        let results = mini.search(query.q, { combineWith: 'AND', prefix: last });
        if (!results.length) results = mini.search(query.q, { combineWith: 'AND', prefix: (t) => t.length >= 3, fuzzy: typo });
        if (!results.length) results = mini.search(query.q, { combineWith: 'OR', prefix: (t) => t.length >= 4, fuzzy: typo });
        for (const r of results) textScores.set(r.id as number, r.score);
      }
      const scored: { i: number; where: Locality; stale: boolean; score: number }[] = [];
      // Entries share opening-hours values: evaluate each value once per query.
      const local = parisWallClock(at);
      const openCache = new Map<ReturnType<typeof parseHours>, boolean>();
      const openAt = (oh: ReturnType<typeof parseHours>) => {
        if (!openCache.has(oh)) openCache.set(oh, oh.getState(local));
        return openCache.get(oh)!;
      };
      const areaKeys = query.commune === 'elsewhere' ? ['national'] : known ? placeKeys(place) : undefined;
      const positions = query.q?.trim() ? [...textScores.keys()] : query.themes?.length ? ofThemes(query.themes, areaKeys) : entries.map((_, i) => i);
      for (const i of positions) {
        const entry = entries[i];
        if (!query.includeUnpublished && entry.status !== 'published' && entry.status !== 'needs-verification') continue;
        if (query.themes?.length && !entry.themes.some((t) => query.themes!.some((q) => t === q || t.startsWith(`${q}.`)))) continue;
        if (query.languages?.length && !query.languages.some((l) => entry.languagesSpoken.includes(l))) continue;
        if (query.audience && !entry.audiences.includes(query.audience as Entry['audiences'][number]) && !entry.audiences.includes('all')) continue;
        const where = query.commune === 'elsewhere' && entry.area.level !== 'national' ? 'outside' : locality(entry, place, known);
        if (where === 'outside') continue;
        const oh = hours.get(entry);
        if (query.openNow && (!oh || !openAt(oh))) continue;
        const stale = at.getTime() - verifiedMs[i] > STALE_MS;
        const rank =
          localityRank(where, known) * 10 +
          (query.lang && entry.languagesSpoken.includes(query.lang) ? 5 : 0) +
          (entry.status === 'published' ? 3 : 0) +
          (stale ? 0 : 2);
        const score = textScores.size ? (textScores.get(i) ?? 0) * (1 + rank / 50) : rank;
        scored.push({ i, where, stale, score });
      }
      scored.sort((a, b) => b.score - a.score || nameRank.get(entries[a.i])! - nameRank.get(entries[b.i])!);
      // Only the hits returned get an object and, when read, their opening status.
      return scored.slice(0, query.limit ?? 10).map(({ i, where, stale, score }) => withHours({ entry: entries[i], locality: where, stale, score }, hours.get(entries[i]), at));
    },
  };
}
