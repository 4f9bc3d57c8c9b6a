import type { Areas } from './areas.js';
import { EntryFacts, type Hours, type Level } from './entryFacts.js';
import { EntryPlaces } from './entryPlaces.js';
import { hoursStatus, type HoursStatus } from './hours.js';

export type { Hit, Locality, Query } from './query.js';
import { Ranking } from './ranking.js';
import { currentNotices, freshnessOfMs } from './rules.js';
import { sitesNearest } from './sites.js';
import type { Entry } from './schema.js';
import type { Hit, Query } from './query.js';
import { TextIndex, type TextFields } from './textIndex.js';
import { TopK } from './topK.js';

export interface DirectoryIndex {
  /** Matching entries, best first; `limit` defaults to 10 (Infinity for all). */
  search(query: Query): Hit[];
  /** The same hits (from `offset`), and how many entries match in all: what the read API pages through. */
  page(query: Query): { total: number; hits: Hit[] };
  /** One entry with its hours status and freshness, whatever its status. */
  get(id: string, at?: Date): Hit | undefined;
  size: number;
}

/** Opening status is computed only when a hit is read: most hits of a query are never shown. */
function withHours(hit: Omit<Hit, 'hours'>, oh: Hours | undefined, at: Date): Hit {
  if (!oh) return hit;
  let status: HoursStatus | undefined;
  return Object.defineProperty(hit, 'hours', { enumerable: true, get: () => (status ??= hoursStatus(oh, at)) });
}

/** What the text index searches: names, French and English summaries, theme labels, towns. */
function textFields(entries: readonly Entry[], areas: Areas, themeLabels: (theme: string) => string[]): TextFields[] {
  const themeWords = new Map<string, string[]>();
  const wordsOf = (t: string) =>
    themeWords.get(t) ?? themeWords.set(t, [t.replace(/[.-]/g, ' '), ...themeLabels(t)]).get(t)!;
  return entries.map((e) => ({
    name: [e.name, e.organization],
    // French (the source) and English: what social workers search in; the bot queries by theme.
    summary: [e.summary.fr, e.summary.en],
    themes: e.themes.flatMap(wordsOf),
    towns: [
      e.address?.town,
      ...(e.area.level === 'commune' ? e.area.codes.map((c) => areas.communes.get(c)?.name) : []),
    ],
  }));
}

/**
 * Builds the search index: a full-text index (prefix, typo-tolerant, accent-folded) over names,
 * French and English summaries, theme labels and towns; filters and ranking are applied on its
 * matches. Only the hits of the page asked for are kept in order (top-k), not every match sorted.
 */
export function buildIndex(
  entries: readonly Entry[],
  areas: Areas,
  themeLabels: (theme: string) => string[] = () => [],
): DirectoryIndex {
  return new SearchIndex(entries, areas, themeLabels);
}

/** A class, not closures made per index: V8 keeps one optimised copy of its methods for every index. */
class SearchIndex implements DirectoryIndex {
  private readonly text: TextIndex;
  private readonly facts: EntryFacts;
  private readonly places: EntryPlaces;
  private readonly byId: Map<string, number>;
  /** Stamps of the entries already read by a query without words (see `rankListed`). */
  private readonly listed: Uint32Array;
  private stamp = 0;

  constructor(
    private readonly entries: readonly Entry[],
    private readonly areas: Areas,
    themeLabels: (theme: string) => string[],
  ) {
    this.text = new TextIndex(textFields(entries, areas, themeLabels));
    this.facts = new EntryFacts(entries);
    this.places = new EntryPlaces(entries, areas.positions);
    this.byId = new Map(entries.map((e, i) => [e.id, i]));
    this.listed = new Uint32Array(entries.length);
  }

  get size(): number {
    return this.entries.length;
  }

  search(query: Query): Hit[] {
    return this.collect(query, false).hits;
  }

  page(query: Query): { total: number; hits: Hit[] } {
    return this.collect(query, true);
  }

  get(id: string, at = new Date()): Hit | undefined {
    const i = this.byId.get(id);
    if (i === undefined) return undefined;
    return this.hitOf(i, this.entries[i].area.level, 0, at);
  }

  /** A hit: its freshness and notices at `at`, its sites nearest `commune`, its opening status when read. */
  private hitOf(i: number, locality: Hit['locality'], score: number, at: Date, commune?: string, km?: number): Hit {
    const entry = this.entries[i];
    const level = freshnessOfMs(this.facts.verifiedMs(i), at.getTime());
    const hit = {
      entry,
      locality,
      ...(km === undefined ? {} : { distanceKm: km }),
      stale: level === 'call-first' || level === 'very-old',
      freshness: level,
      notices: currentNotices(entry, at.getTime()),
      sites: sitesNearest(entry, commune, this.areas, at),
      score,
    };
    return withHours(hit, this.facts.hours(i), at);
  }

  /** The best hits of a query and, if `countAll`, how many entries pass its filters. */
  private collect(query: Query, countAll: boolean): { total: number; hits: Hit[] } {
    const at = query.at ?? new Date();
    const ranking = new Ranking(query, this.facts, this.places, this.areas, at);
    const offset = query.offset ?? 0;
    const top = new TopK(offset + (query.limit ?? 10), this.entries.length);
    const total = query.q?.trim()
      ? this.rankText(query.q, ranking, top, countAll)
      : this.rankListed((query.themes?.length ?? 0) > 1, ranking, top, countAll);
    const { items, scores } = top.drain();
    // Only the hits returned get an object and, when read, their opening status.
    const commune = query.commune === 'elsewhere' ? undefined : query.commune;
    const hits = Array.from(items.subarray(offset), (i, h) =>
      this.hitOf(i, ranking.locality(i), scores[offset + h], at, commune, ranking.distance(i)),
    );
    return { total, hits };
  }

  /**
   * Ranks the entries matching the words; returns how many pass the filters (if `countAll`).
   * Without the count, an entry whose text score cannot beat the kept hits, whatever its rank, is
   * not ranked: most of the thousands of entries matching a common word are skipped that way.
   */
  private rankText(q: string, ranking: Ranking, top: TopK, countAll: boolean): number {
    const { count, docs, scores } = this.text.search(q);
    const boost = 1 + ranking.maxRank / 50;
    let total = 0;
    for (let m = 0; m < count; m++) {
      const d = docs[m];
      if (!countAll && top.rejects(scores[d] * boost)) continue;
      const r = ranking.rank(d);
      if (r >= 0) (total++, top.offer(d, scores[d] * (1 + r / 50), this.facts.nameRank(d)));
    }
    return total;
  }

  /**
   * Ranks the entries of a query without words: its themes' (or all) serving the place, best level
   * first; returns how many pass the filters (if `countAll`). An entry of several of the themes
   * asked for (`overlap`) is in several lists: a stamp keeps it once.
   */
  private rankListed(overlap: boolean, ranking: Ranking, top: TopK, countAll: boolean): number {
    const { listed } = this;
    if (overlap) this.stamp = this.stamp === 0xffffffff ? (listed.fill(0), 1) : this.stamp + 1;
    let total = 0;
    for (const { entries, level, max } of ranking.lists) {
      // Once the page is full of better entries, those of this list and the next cannot enter.
      if (!countAll && top.rejects(max)) break;
      for (const i of entries) {
        if (overlap) {
          if (listed[i] === this.stamp) continue;
          listed[i] = this.stamp;
        }
        const r = ranking.rankAt(i, level);
        if (r >= 0) (total++, top.offer(i, r, this.facts.nameRank(i)));
      }
    }
    return total;
  }
}
