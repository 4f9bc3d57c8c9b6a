import MiniSearch from 'minisearch';
import { normalize } from '../engine/text.js';
import type { Areas, Place } from './areas.js';
import { hoursStatus, parseHours, type HoursStatus } from './hours.js';
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

/** Ranking weight of a locality: nearest first; with no known place, wide areas first. */
function localityRank(where: Locality, known: boolean): number {
  if (known) return LOCALITY_RANK[where];
  return where === 'commune' || where === 'arrondissement' ? 0.25 : LOCALITY_RANK[where];
}

export function isStale(entry: Entry, at: Date = new Date()): boolean {
  return at.getTime() - Date.parse(entry.verifiedAt) > STALE_MS;
}

/**
 * Builds the search index: MiniSearch (prefix, typo-tolerant, accent-folded) over names, summaries
 * in every language, theme labels and towns; filters and ranking are applied on its hits.
 */
export function buildIndex(entries: readonly Entry[], areas: Areas, themeLabels: (theme: string) => string[] = () => []): DirectoryIndex {
  const mini = new MiniSearch<{ id: number; name: string; summary: string; themes: string; towns: string }>({
    fields: ['name', 'summary', 'themes', 'towns'],
    processTerm: (term) => normalize(term) || null,
    tokenize: (text) => normalize(text).split(' '),
    searchOptions: { prefix: (t) => t.length >= 3, fuzzy: (t) => (t.length >= 5 ? 0.25 : t.length >= 4 ? 1 : 0), boost: { name: 3, themes: 2 } },
  });
  const hours = new Map<Entry, ReturnType<typeof parseHours>>();
  entries.forEach((e, id) => {
    if (e.hours?.osm) hours.set(e, parseHours(e.hours.osm));
    const towns = [e.address?.town, ...(e.area.level === 'commune' ? e.area.codes.map((c) => areas.communes.get(c)?.name) : [])];
    mini.add({
      id,
      name: [e.name, e.organization ?? ''].join(' '),
      summary: Object.values(e.summary).join(' '),
      themes: e.themes.flatMap((t) => [t.replace(/[.-]/g, ' '), ...themeLabels(t)]).join(' '),
      towns: towns.filter(Boolean).join(' '),
    });
  });

  const byId = new Map(entries.map((e) => [e.id, e]));
  return {
    size: entries.length,
    get(id, at = new Date()) {
      const entry = byId.get(id);
      if (!entry) return undefined;
      const oh = hours.get(entry);
      const where: Locality = entry.area.level;
      return { entry, locality: where, ...(oh ? { hours: hoursStatus(oh, at) } : {}), stale: isStale(entry, at), score: 0 };
    },
    search(query) {
      const at = query.at ?? new Date();
      const known = !!query.commune && query.commune !== 'elsewhere' && areas.communes.has(query.commune);
      const place = areas.place(query.commune);
      const textScores = new Map<number, number>();
      if (query.q?.trim()) {
        let results = mini.search(query.q, { combineWith: 'AND' });
        if (!results.length) results = mini.search(query.q, { combineWith: 'OR' });
        for (const r of results) textScores.set(r.id as number, r.score);
      }
      const hits: Hit[] = [];
      const candidates = query.q?.trim() ? [...textScores.keys()].map((i) => [i, entries[i]] as const) : entries.map((e, i) => [i, e] as const);
      for (const [i, entry] of candidates) {
        if (!query.includeUnpublished && entry.status !== 'published' && entry.status !== 'needs-verification') continue;
        if (query.themes?.length && !entry.themes.some((t) => query.themes!.some((q) => t === q || t.startsWith(`${q}.`)))) continue;
        if (query.languages?.length && !query.languages.some((l) => entry.languagesSpoken.includes(l))) continue;
        if (query.audience && !entry.audiences.includes(query.audience as Entry['audiences'][number]) && !entry.audiences.includes('all')) continue;
        const where = query.commune === 'elsewhere' && entry.area.level !== 'national' ? 'outside' : locality(entry, place, known);
        if (where === 'outside') continue;
        const oh = hours.get(entry);
        const status = oh ? hoursStatus(oh, at) : undefined;
        if (query.openNow && status?.open !== true) continue;
        const stale = isStale(entry, at);
        const rank =
          localityRank(where, known) * 10 +
          (query.lang && entry.languagesSpoken.includes(query.lang) ? 5 : 0) +
          (entry.status === 'published' ? 3 : 0) +
          (stale ? 0 : 2);
        const score = textScores.size ? (textScores.get(i) ?? 0) * (1 + rank / 50) : rank;
        hits.push({ entry, locality: where, ...(status ? { hours: status } : {}), stale, score });
      }
      hits.sort((a, b) => b.score - a.score || a.entry.name.localeCompare(b.entry.name, 'fr'));
      return hits.slice(0, query.limit ?? 10);
    },
  };
}
