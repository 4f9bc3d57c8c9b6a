import type { Areas } from './areas.js';
import { areaKey, LEVELS, NATIONAL, type EntryFacts } from './entryFacts.js';
import type { EntryPlaces } from './entryPlaces.js';
import type { Locality, Query } from './query.js';
import { freshnessCutoffs } from './rules.js';

/** Ranking weight of each level (as in LEVELS): nearest first; with no known place, wide areas first. */
const LEVEL_RANK = { known: [4, 3, 2, 1, 0.5], unknown: [0.25, 0.25, 2, 1, 0.5] };
const OUTSIDE = -1;

/** Whether entry i is in one of the masks (written as a loop: it runs for thousands of entries). */
function inAny(masks: Uint8Array[], i: number): boolean {
  for (let m = 0; m < masks.length; m++) if (masks[m][i]) return true;
  return false;
}

/**
 * The filters and ranking of one query. An entry's rank is -1 when a filter leaves it out, else
 * its weight: nearest first (the distance from the user's commune to the entry's address, or the
 * level of the area it serves when that is nearer or it has no address), then speaking the user's
 * language, published, recently verified (fresher first). A class rather than closures: the hot loops call its methods for thousands of entries,
 * and optimised code that inlined one query's closures was thrown away when they died.
 */
export class Ranking {
  /** The highest rank an entry can have for this query. */
  readonly maxRank: number;
  /**
   * What a query without words reads: the entries of its themes (or all) filed by the areas that
   * serve the place, each list with the level its entries serve at, best level first.
   */
  readonly lists: { entries: readonly number[]; level: number; max: number }[];
  private readonly elsewhere: boolean;
  private readonly known: boolean;
  /** The place's area code at each level, numbered as in `facts` (-1 when none). */
  private readonly placeCodes: number[];
  private readonly levelRank: number[];
  private readonly themes?: Uint8Array[];
  private readonly languages?: Uint8Array[];
  private readonly audience?: Uint8Array;
  private readonly speaksLang?: Uint8Array;
  private readonly includeUnpublished: boolean;
  private readonly openNow: boolean;
  /** The freshness rule's cutoffs at the query's time (6, 12, 24 months; rules.ts). */
  private readonly cutoffs: readonly number[];
  private readonly minute: number;
  private readonly bonus: number;
  /** Distances (km) and their weights from the user's commune to each entry place (see EntryPlaces). */
  private readonly near?: { km: Float64Array; weight: Float64Array };

  constructor(
    query: Query,
    private readonly facts: EntryFacts,
    private readonly places: EntryPlaces,
    areas: Areas,
    at: Date,
  ) {
    this.elsewhere = query.commune === 'elsewhere';
    this.known = !!query.commune && !this.elsewhere && areas.communes.has(query.commune);
    const place = areas.place(query.commune);
    this.placeCodes = LEVELS.map((l) => (l === 'national' ? -1 : facts.codeId(place[l])));
    this.levelRank = this.known ? LEVEL_RANK.known : LEVEL_RANK.unknown;
    this.themes = query.themes?.length ? query.themes.map((t) => facts.themeMask(t)) : undefined;
    this.languages = query.languages?.length ? query.languages.map((l) => facts.speaks(l)) : undefined;
    this.audience = query.audience ? facts.serves(query.audience) : undefined;
    this.speaksLang = query.lang ? facts.speaks(query.lang) : undefined;
    this.includeUnpublished = !!query.includeUnpublished;
    this.openNow = !!query.openNow;
    this.cutoffs = freshnessCutoffs(at.getTime());
    this.minute = Math.floor(at.getTime() / 60_000);
    this.bonus = (this.speaksLang ? 5 : 0) + 3 + 3;
    this.maxRank = Math.max(...this.levelRank) * 10 + this.bonus;
    if (this.known) this.near = places.from(query.commune);
    const served: [string, number][] = LEVELS.flatMap((level, l): [string, number][] => {
      if (this.elsewhere && level !== 'national') return [];
      if (!this.known || level === 'national') return [[areaKey(level), l]];
      return place[level] ? [[areaKey(level, place[level]), l]] : [];
    });
    this.lists = (query.themes?.length ? query.themes : [undefined])
      .flatMap((theme) => served.map(([area, level]) => this.list(facts.filedUnder(theme, area), level)))
      .sort((a, b) => b.max - a.max);
  }

  /** A list of entries serving at a level, with the highest rank one of them can have. */
  private list(entries: readonly number[], level: number): { entries: readonly number[]; level: number; max: number } {
    const near = this.near && level !== NATIONAL ? this.places.bestWeight(entries, this.near.weight) : 0;
    return { entries, level, max: Math.max(this.levelRank[level] * 10, near) + this.bonus };
  }

  /** The rank of an entry found by its text: it may lack the themes or serve elsewhere. */
  rank(i: number): number {
    // Masks first: they are small enough to stay in cache, the entry's facts are not.
    if (
      (this.themes && !inAny(this.themes, i)) ||
      (this.languages && !inAny(this.languages, i)) ||
      (this.audience && !this.audience[i])
    )
      return -1;
    const level = this.localityOf(i);
    return level === OUTSIDE ? -1 : this.rankAt(i, level);
  }

  /** The rank of an entry of the query's themes serving the place at this level. */
  rankAt(i: number, level: number): number {
    const { facts } = this;
    if (!this.includeUnpublished && !facts.visible(i)) return -1;
    if (this.languages && !inAny(this.languages, i)) return -1;
    if (this.audience && !this.audience[i]) return -1;
    if (this.openNow && !facts.isOpen(i, this.minute)) return -1;
    return (
      this.placeRank(i, level) +
      (this.speaksLang?.[i] ? 5 : 0) +
      (facts.published(i) ? 3 : 0) +
      this.freshnessBonus(facts.verifiedMs(i))
    );
  }

  /** How near an entry serving at this level is: its address's distance weight, or its level's if higher. */
  private placeRank(i: number, level: number): number {
    const place = this.near && level !== NATIONAL ? this.places.place(i) : -1;
    const byLevel = this.levelRank[level] * 10;
    return place < 0 ? byLevel : Math.max(byLevel, this.near!.weight[place]);
  }

  /** Kilometres from the user's commune to the entry's address (as the crow flies), when both are placed. */
  distance(i: number): number | undefined {
    const place = this.near ? this.places.place(i) : -1;
    return place < 0 ? undefined : this.near!.km[place];
  }

  /** Fresher ranks higher: 3 under 6 months, 2 under 12, 1 under 24, 0 beyond. */
  private freshnessBonus(verifiedMs: number): number {
    const [six, twelve, twentyFour] = this.cutoffs;
    return verifiedMs >= six ? 3 : verifiedMs >= twelve ? 2 : verifiedMs >= twentyFour ? 1 : 0;
  }

  locality(i: number): Locality {
    return LEVELS[this.localityOf(i)] ?? 'outside';
  }

  /** The level of the user's place an entry serves (as in LEVELS), or OUTSIDE; with no known place, its own level. */
  private localityOf(i: number): number {
    const level = this.facts.level(i);
    if (this.elsewhere) return level === NATIONAL ? level : OUTSIDE;
    if (level === NATIONAL || !this.known) return level;
    return this.facts.hasCode(i, this.placeCodes[level]) ? level : OUTSIDE;
  }
}
