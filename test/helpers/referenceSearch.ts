import MiniSearch from 'minisearch';
import { normalize } from '../../src/common/text.js';
import type { Areas, Place } from '../../src/directory/areas.js';
import type { Entry } from '../../src/directory/schema.js';
import type { Locality, Query } from '../../src/directory/search.js';
import { freshness, isStale } from '../../src/directory/rules.js';
import { distanceKm } from '../../src/directory/positions.js';
import { STOP_WORDS } from '../../src/directory/stopWords.js';

/**
 * The directory search as it was before the typed-array index (MiniSearch, then every match
 * ranked and sorted): the reference the index must agree with. Kept to what ranking needs.
 */
export interface ReferenceHit {
  id: string;
  locality: Locality;
  stale: boolean;
  score: number;
}

const LOCALITY_RANK: Record<Locality, number> = {
  commune: 4,
  arrondissement: 3,
  departement: 2,
  region: 1,
  national: 0.5,
  outside: 0,
};

function locality(entry: Entry, place: Place, known: boolean): Locality {
  const { level, codes } = entry.area;
  if (level === 'national' || !known) return level;
  const code = place[level];
  return code && codes.includes(code) ? level : 'outside';
}

function localityRank(where: Locality, known: boolean): number {
  if (known) return LOCALITY_RANK[where];
  return where === 'commune' || where === 'arrondissement' ? 0.25 : LOCALITY_RANK[where];
}

/** Nearest first: an address at distance d (km) from the user's commune weighs 40 - d / 2.5, at least 0. */
function nearness(entry: Entry, where: Locality, known: boolean, commune: string | undefined, areas: Areas): number {
  const from = known && commune ? areas.positions.get(commune) : undefined;
  const to = entry.address?.inseeCode ? areas.positions.get(entry.address.inseeCode) : undefined;
  if (!from || !to || where === 'national') return 0;
  return Math.max(0, 40 - distanceKm(from, to) / 2.5);
}

export function referenceSearch(entries: readonly Entry[], areas: Areas, isOpen: (entry: Entry, at: Date) => boolean) {
  const mini = new MiniSearch<{ id: number; name: string; summary: string; themes: string; towns: string }>({
    fields: ['name', 'summary', 'themes', 'towns'],
    processTerm: (term) => {
      const t = normalize(term);
      return t && !STOP_WORDS.has(t) ? t : null;
    },
    tokenize: (text) => normalize(text).split(' '),
    searchOptions: { boost: { name: 3, themes: 2 } },
  });
  entries.forEach((e, id) => {
    const towns = [
      e.address?.town,
      ...(e.area.level === 'commune' ? e.area.codes.map((c) => areas.communes.get(c)?.name) : []),
    ];
    mini.add({
      id,
      name: [e.name, e.organization ?? ''].join(' '),
      summary: [e.summary.fr, e.summary.en ?? ''].join(' '),
      themes: e.themes.map((t) => t.replace(/[.-]/g, ' ')).join(' '),
      towns: towns.filter(Boolean).join(' '),
    });
  });
  const collator = new Intl.Collator('fr');
  const nameRank = new Map(entries.map((e, i) => [e, i]));
  [...entries].sort((a, b) => collator.compare(a.name, b.name)).forEach((e, i) => nameRank.set(e, i));

  /** Every hit of the query, best first. */
  return (query: Query): ReferenceHit[] => {
    const at = query.at ?? new Date();
    const known = !!query.commune && query.commune !== 'elsewhere' && areas.communes.has(query.commune);
    const place = areas.place(query.commune);
    const textScores = new Map<number, number>();
    if (query.q?.trim()) {
      const last = (term: string, i: number, terms: string[]) => i === terms.length - 1 && term.length >= 3;
      const typo = (term: string) => (term.length >= 8 ? 2 : term.length >= 4 ? 1 : 0);
      let results = mini.search(query.q, { combineWith: 'AND', prefix: last });
      if (!results.length)
        results = mini.search(query.q, { combineWith: 'AND', prefix: (t) => t.length >= 3, fuzzy: typo });
      if (!results.length)
        results = mini.search(query.q, { combineWith: 'OR', prefix: (t) => t.length >= 4, fuzzy: typo });
      for (const r of results) textScores.set(r.id as number, r.score);
    }
    const positions = query.q?.trim() ? [...textScores.keys()] : entries.map((_, i) => i);
    const scored: { i: number; hit: ReferenceHit }[] = [];
    for (const i of positions) {
      const entry = entries[i];
      if (!query.includeUnpublished && entry.status !== 'published' && entry.status !== 'needs-verification') continue;
      if (
        query.themes?.length &&
        !entry.themes.some((t) => query.themes!.some((q) => t === q || t.startsWith(`${q}.`)))
      )
        continue;
      if (query.languages?.length && !query.languages.some((l) => entry.languagesSpoken.includes(l))) continue;
      if (
        query.audience &&
        !entry.audiences.includes(query.audience as Entry['audiences'][number]) &&
        !entry.audiences.includes('all')
      )
        continue;
      const where =
        query.commune === 'elsewhere' && entry.area.level !== 'national' ? 'outside' : locality(entry, place, known);
      if (where === 'outside') continue;
      if (query.openNow && !isOpen(entry, at)) continue;
      const stale = isStale(entry.verifiedAt, at.getTime());
      const rank =
        Math.max(localityRank(where, known) * 10, nearness(entry, where, known, query.commune, areas)) +
        (query.lang && entry.languagesSpoken.includes(query.lang) ? 5 : 0) +
        (entry.status === 'published' ? 3 : 0) +
        { fresh: 3, dated: 2, 'call-first': 1, 'very-old': 0 }[freshness(entry.verifiedAt, at.getTime())];
      const score = textScores.size ? (textScores.get(i) ?? 0) * (1 + rank / 50) : rank;
      scored.push({ i, hit: { id: entry.id, locality: where, stale, score } });
    }
    scored.sort((a, b) => b.hit.score - a.hit.score || nameRank.get(entries[a.i])! - nameRank.get(entries[b.i])!);
    return scored.map((s) => s.hit);
  };
}
