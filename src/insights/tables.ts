import type { Counters, EntryRow, PathRow } from './counters.js';
import { hiddenText, rollUp, suppressedTable, type Fact, type Table } from './suppress.js';

/** The tables of the dashboard and of the exports, in the order they are shown. */
export const TABLES = [
  'outcomes',
  'themes',
  'needs',
  'languages',
  'areas',
  'dead-ends',
  'not-understood',
  'entries-shown',
  'stale-shown',
  'reports',
] as const;
export type TableId = (typeof TABLES)[number];

/** What the tables show of an entry besides its id: its name, and whether it is stale now. */
export interface EntryFacts {
  name?: string;
  stale?: boolean;
}

export interface TableOptions {
  /** First and last month (YYYY-MM), inclusive. */
  from: string;
  to: string;
  minCount: number;
  /** Current directory entries by id (an entry shown then deleted has no name). */
  entry: (id: string) => EntryFacts | undefined;
  /** Arrondissement names by code. */
  areaNames: ReadonlyMap<string, string>;
}

export interface Insight {
  from: string;
  to: string;
  months: string[];
  minCount: number;
  /** How a suppressed cell reads, e.g. "< 5". */
  hidden: string;
  tables: Table[];
}

/** The months from `from` to `to` (YYYY-MM), inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const index = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
  const months: string[] = [];
  for (let i = index(from); i <= index(to); i++)
    months.push(`${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
  return months;
}

/** Path ends without the reports: what people needed. */
const isNeed = (r: PathRow) => r.outcome !== 'reported-wrong';
const isDeadEnd = (r: PathRow) => r.outcome === 'none' || r.outcome === 'national';

function* facts(rows: readonly PathRow[], keep: (r: PathRow) => boolean, key: (r: PathRow) => string[]) {
  for (const r of rows) if (keep(r)) yield { key: key(r), month: r.month, count: r.count } satisfies Fact;
}

function entryTables(counters: Counters, months: string[], o: TableOptions): Table[] {
  const withFacts = (r: EntryRow): Fact => {
    const e = o.entry(r.entry);
    return { key: [r.entry, e?.name ?? '', e?.stale ? 'true' : 'false'], month: r.month, count: r.count };
  };
  const shown = suppressedTable(
    'entries-shown',
    ['entry', 'name', 'stale'],
    months,
    counters.shownRows().map(withFacts),
    o.minCount,
  );
  // The same rows (same cells, same suppression) restricted to the entries stale today.
  const stale = { ...shown, id: 'stale-shown', rows: shown.rows.filter((r) => r.key[2] === 'true') };
  const reports = suppressedTable(
    'reports',
    ['entry', 'name'],
    months,
    counters.reportRows().map((r) => ({ key: withFacts(r).key.slice(0, 2), month: r.month, count: r.count })),
    o.minCount,
  );
  return [shown, stale, reports];
}

/**
 * Every table for a period, small counts suppressed in each (see suppress.ts). "themes" adds up the
 * shown cells of "needs"; "stale-shown" is "entries-shown" restricted to entries stale today.
 */
export function buildInsight(counters: Counters, o: TableOptions): Insight {
  const months = monthsBetween(o.from, o.to);
  const rows = counters.pathRows();
  const table = (id: TableId, columns: string[], keep: (r: PathRow) => boolean, key: (r: PathRow) => string[]) =>
    suppressedTable(id, columns, months, facts(rows, keep, key), o.minCount);
  const needs = table('needs', ['theme', 'node'], isNeed, (r) => [r.theme, r.node]);
  const tables = [
    table(
      'outcomes',
      ['outcome'],
      () => true,
      (r) => [r.outcome],
    ),
    rollUp(needs, 'themes', [0]),
    needs,
    table('languages', ['language'], isNeed, (r) => [r.lang]),
    table('areas', ['area', 'name'], isNeed, (r) => [r.area, o.areaNames.get(r.area) ?? '']),
    table('dead-ends', ['theme', 'node', 'outcome'], isDeadEnd, (r) => [r.theme, r.node, r.outcome]),
    table(
      'not-understood',
      ['language'],
      (r) => r.outcome === 'not-understood',
      (r) => [r.lang],
    ),
    ...entryTables(counters, months, o),
  ];
  return { from: o.from, to: o.to, months, minCount: o.minCount, hidden: hiddenText(o.minCount), tables };
}
