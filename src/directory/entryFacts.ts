import { parisWallClock, parseHours } from './hours.js';
import type { Entry } from './schema.js';
import { Masks, type Mask } from './masks.js';
import { nameOrder } from './nameOrder.js';
import { isPublic, verifiedMs } from './rules.js';

export type Hours = ReturnType<typeof parseHours>;

/** Area levels, nearest first; an entry's level is stored as its position here. */
export const LEVELS = ['commune', 'arrondissement', 'departement', 'region', 'national'] as const;
export type Level = (typeof LEVELS)[number];
export const NATIONAL = LEVELS.indexOf('national');

/** How entries are filed by area: "commune:05061" (serving that commune), "commune" (any commune), "national". */
export function areaKey(level: Level, code?: string): string {
  return level === 'national' || code === undefined ? level : `${level}:${code}`;
}

/** The key entries of every theme are filed under, for queries without a theme. */
const ANY_THEME = '*';

/**
 * What filters and ranking read of each entry, built once per index. A query reads thousands of
 * entries: reading entry objects of many shapes (optional fields) and their nested arrays costs a
 * cache miss each. What ranking reads of an entry is packed in 16 bytes, four entries to a cache
 * line: its verification time (float64 at 2i), its rank in name order (uint32 at 4i + 2), and a
 * uint32 at 4i + 3 holding its opening-hours value + 1 (bits 8–31: up to 16 million values), level
 * (bits 2–4), whether it is published (bit 1) and public (bit 0). Masks by theme, language spoken
 * and audience (masks.ts) are built with the index too, so that no query pays for one.
 */
export class EntryFacts {
  private readonly verified: Float64Array;
  private readonly packed: Uint32Array;
  /** Entries share opening-hours values: each distinct one, parsed once. */
  private readonly distinctHours: Hours[];
  /** Whether each distinct value is open, and at which minute that was computed. */
  private readonly openAt: Float64Array;
  private readonly open: Uint8Array;
  /** The codes of each entry's area, numbered: entry i's are codes[codeStart[i]] to codes[codeStart[i + 1] - 1]. */
  private readonly codeStart: Int32Array;
  private readonly codes: Int32Array;
  private readonly codeIds = new Map<string, number>();
  /** Positions by theme, theme group ("housing") or any theme (ANY_THEME), then by area served (see `areaKey`). */
  private readonly filed = new Map<string, Map<string, number[]>>();
  private readonly themes: Masks;
  private readonly languages: Masks;
  private readonly audiences: Masks;

  constructor(entries: readonly Entry[]) {
    const n = entries.length;
    const buffer = new ArrayBuffer(n * 16);
    this.verified = new Float64Array(buffer);
    this.packed = new Uint32Array(buffer);
    const hours = parsedHours(entries);
    this.distinctHours = [...new Set(hours)].filter((h): h is Hours => !!h);
    const hoursIds = new Map(this.distinctHours.map((h, id) => [h, id]));
    this.openAt = new Float64Array(this.distinctHours.length).fill(NaN);
    this.open = new Uint8Array(this.distinctHours.length);
    const nameRank = nameOrder(entries);
    this.codeStart = new Int32Array(n + 1);
    const codes: number[] = [];
    [this.themes, this.languages, this.audiences] = [new Masks(n), new Masks(n), new Masks(n)];
    // Entries share themes: their themes and groups are worked out once per combination.
    const themeKeys = new Map<string, string[]>();
    entries.forEach((e, i) => {
      const hoursId = hours[i] ? hoursIds.get(hours[i])! + 1 : 0;
      const visible = isPublic(e);
      this.verified[2 * i] = verifiedMs(e.verifiedAt);
      this.packed[4 * i + 2] = nameRank[i];
      this.packed[4 * i + 3] =
        (hoursId << 8) |
        (LEVELS.indexOf(e.area.level) << 2) |
        (Number(e.status === 'published') << 1) |
        Number(visible);
      for (const code of e.area.codes)
        codes.push(this.codeIds.get(code) ?? this.codeIds.set(code, this.codeIds.size).get(code)!);
      this.codeStart[i + 1] = codes.length;
      const combination = e.themes.join();
      const themes =
        themeKeys.get(combination) ??
        themeKeys.set(combination, [...new Set(e.themes.flatMap((t) => [t, t.split('.')[0]]))]).get(combination)!;
      this.file(e.area, themes, i);
      for (const theme of themes) this.themes.mark(theme, i);
      for (const lang of e.languagesSpoken) this.languages.mark(lang, i);
      for (const audience of e.audiences) this.audiences.mark(audience, i);
    });
    this.codes = Int32Array.from(codes);
    // An entry for everyone serves every audience.
    this.audiences.addToAll('all');
  }

  /**
   * Whether entry i is open at a minute (ms since the epoch / 60,000). Opening hours change on the
   * minute and computing a state is costly (0.1–0.2 ms): each distinct value is evaluated once a
   * minute, whatever the number of entries and queries.
   */
  isOpen(i: number, minute: number): boolean {
    const id = (this.packed[4 * i + 3] >>> 8) - 1;
    if (id < 0) return false;
    if (this.openAt[id] !== minute) {
      this.open[id] = Number(this.distinctHours[id].getState(parisWallClock(new Date(minute * 60_000))));
      this.openAt[id] = minute;
    }
    return this.open[id] === 1;
  }

  /** Public: published or needing verification. */
  visible(i: number): boolean {
    return (this.packed[4 * i + 3] & 1) !== 0;
  }

  published(i: number): boolean {
    return (this.packed[4 * i + 3] & 2) !== 0;
  }

  /** The entry's area level, as a position in LEVELS. */
  level(i: number): number {
    return (this.packed[4 * i + 3] >>> 2) & 7;
  }

  verifiedMs(i: number): number {
    return this.verified[2 * i];
  }

  /** Position in French name order: ties are broken by name, and comparing positions is far cheaper than collating. */
  nameRank(i: number): number {
    return this.packed[4 * i + 2];
  }

  /** The entry's opening hours, parsed. */
  hours(i: number): Hours | undefined {
    return this.distinctHours[(this.packed[4 * i + 3] >>> 8) - 1];
  }

  /** The number of an area code, -1 when no entry serves it. */
  codeId(code: string | undefined): number {
    return (code === undefined ? undefined : this.codeIds.get(code)) ?? -1;
  }

  /** Whether entry i's area lists the numbered code. */
  hasCode(i: number, codeId: number): boolean {
    for (let c = this.codeStart[i]; c < this.codeStart[i + 1]; c++) if (this.codes[c] === codeId) return true;
    return false;
  }

  /** Positions of the entries with a theme or theme group (any if undefined) serving an area (see `areaKey`). */
  filedUnder(theme: string | undefined, area: string): readonly number[] {
    return this.filed.get(theme ?? ANY_THEME)?.get(area) ?? [];
  }

  /** Entries with this theme or theme group. */
  themeMask(theme: string): Mask {
    return this.themes.get(theme);
  }

  speaks(lang: string): Mask {
    return this.languages.get(lang);
  }

  /** Entries for this audience, or for everyone. */
  serves(audience: string): Mask {
    return this.audiences.has(audience) ? this.audiences.get(audience) : this.audiences.get('all');
  }

  /** Files an entry under its themes and groups and any theme, by each area it serves and by its level. */
  private file({ level, codes }: Entry['area'], themes: string[], i: number): void {
    const areas = level === 'national' ? [areaKey(level)] : [areaKey(level), ...codes.map((c) => areaKey(level, c))];
    for (const theme of [ANY_THEME, ...themes]) {
      const byArea = this.filed.get(theme) ?? this.filed.set(theme, new Map()).get(theme)!;
      for (const area of areas) (byArea.get(area) ?? byArea.set(area, []).get(area)!).push(i);
    }
  }
}

/** Parsing opening_hours is costly and many entries share a value: each value is parsed once. */
function parsedHours(entries: readonly Entry[]): (Hours | undefined)[] {
  const parsed = new Map<string, Hours>();
  return entries.map(({ hours }) =>
    hours?.osm ? (parsed.get(hours.osm) ?? parsed.set(hours.osm, parseHours(hours.osm)).get(hours.osm)) : undefined,
  );
}
