import { z } from 'zod';
import { describeIssues } from '../common/zodIssues.js';

/**
 * What the person got at the end of a path: a local contact (commune, arrondissement, département),
 * only regional or national ones, no contact, an explanation without contacts (a message leaf), the
 * emergency numbers, a "not understood"; or a report that an entry is wrong.
 */
export const OUTCOMES = [
  'local',
  'national',
  'none',
  'information',
  'emergency',
  'not-understood',
  'reported-wrong',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** One path end, without its month: every value comes from a closed list (never typed text). */
export interface PathEnd {
  theme: string;
  node: string;
  lang: string;
  /** Arrondissement code, "unknown" or "outside". */
  area: string;
  outcome: Outcome;
}

export interface PathRow extends PathEnd {
  month: string;
  count: number;
}

export interface EntryRow {
  month: string;
  entry: string;
  count: number;
}

const FORMAT = 'passerelle-insights-counters';
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
/** Codes, node and entry ids: dotted lower-kebab, as their own schemas require. */
const Code = z.string().regex(/^[a-z0-9]+(?:[.:-][a-z0-9]+)*$/);
const Count = z.number().int().positive();
const CounterFile = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  paths: z.array(z.tuple([Month, Code, Code, Code, Code, z.enum(OUTCOMES), Count])),
  shown: z.array(z.tuple([Month, Code, Count])),
  reports: z.array(z.tuple([Month, Code, Count])),
});

const SEP = '\t';

/**
 * Counts by month, then by key. The month string is the same object all month and entry ids come
 * from the entries: their hashes are cached, so a count allocates nothing (one flat Map keyed by
 * "month + id" built a new string to hash each time: about 0.3 µs a count).
 */
class ByMonth {
  private readonly months = new Map<string, Map<string, number>>();

  add(month: string, key: string, n: number): void {
    let counts = this.months.get(month);
    if (!counts) this.months.set(month, (counts = new Map()));
    counts.set(key, (counts.get(key) ?? 0) + n);
  }

  /** "month<TAB>key" and its count, for every counter. */
  *[Symbol.iterator](): IterableIterator<[string, number]> {
    for (const [month, counts] of this.months) for (const [key, n] of counts) yield [month + SEP + key, n];
  }
}

const rowsOf = (map: ByMonth) => [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
const entryRows = (map: ByMonth): EntryRow[] =>
  rowsOf(map).map(([key, count]) => {
    const [month, entry] = key.split(SEP);
    return { month, entry, count };
  });

/**
 * Counters by month: path ends (theme × node × language × arrondissement × outcome), entries shown,
 * reports of wrong information per entry. A count is an increment in memory; nothing
 * else is kept (no text, no identifier, no time finer than the month).
 */
export class Counters {
  private readonly paths = new ByMonth();
  private readonly shown = new ByMonth();
  private readonly reports = new ByMonth();
  /** Whether a count came in since the last serialize(). */
  changed = false;

  addPath(month: string, end: PathEnd, n = 1): void {
    this.paths.add(month, end.theme + SEP + end.node + SEP + end.lang + SEP + end.area + SEP + end.outcome, n);
    this.changed = true;
  }

  addShown(month: string, entry: string, n = 1): void {
    this.shown.add(month, entry, n);
    this.changed = true;
  }

  addReport(month: string, entry: string, n = 1): void {
    this.reports.add(month, entry, n);
    this.changed = true;
  }

  pathRows(): PathRow[] {
    return rowsOf(this.paths).map(([key, count]) => {
      const [month, theme, node, lang, area, outcome] = key.split(SEP);
      return { month, theme, node, lang, area, outcome: outcome as Outcome, count };
    });
  }

  shownRows(): EntryRow[] {
    return entryRows(this.shown);
  }

  reportRows(): EntryRow[] {
    return entryRows(this.reports);
  }

  /** The file's text: one counter a line, sorted, so that a diff or a grep of it reads easily. */
  serialize(): string {
    this.changed = false;
    const lines = (map: ByMonth) =>
      rowsOf(map)
        .map(([key, count]) => `    ${JSON.stringify([...key.split(SEP), count])}`)
        .join(',\n');
    return [
      `{\n  "format": "${FORMAT}",\n  "version": 1,`,
      `  "paths": [\n${lines(this.paths)}\n  ],`,
      `  "shown": [\n${lines(this.shown)}\n  ],`,
      `  "reports": [\n${lines(this.reports)}\n  ]\n}\n`,
    ].join('\n');
  }

  /** Counters read back from serialize()'s text; throws, naming the problem, when it is not one. */
  static parse(text: string): Counters {
    const parsed = CounterFile.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`insights: the counter file is invalid: ${describeIssues(parsed.error)}`);
    const counters = new Counters();
    for (const [month, theme, node, lang, area, outcome, count] of parsed.data.paths)
      counters.addPath(month, { theme, node, lang, area, outcome }, count);
    for (const [month, entry, count] of parsed.data.shown) counters.addShown(month, entry, count);
    for (const [month, entry, count] of parsed.data.reports) counters.addReport(month, entry, count);
    counters.changed = false;
    return counters;
  }
}
