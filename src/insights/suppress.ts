/** A cell as shown: a count of at least the threshold (or 0), or the text "< k" for a small one. */
export type Cell = number | string;

export interface TableRow {
  /** The row's values of the table's key columns. */
  key: string[];
  /** One cell per month of the table. */
  cells: Cell[];
  /** The sum of this row's shown cells: hidden cells never enter any total. */
  total: number;
}

export interface Table {
  id: string;
  columns: string[];
  months: string[];
  rows: TableRow[];
}

/** One counter as a table reads it: its key columns' values, its month, its count. */
export interface Fact {
  key: string[];
  month: string;
  count: number;
}

/** "< 5" for a threshold of 5. */
export const hiddenText = (minCount: number) => `< ${minCount}`;

/**
 * The months' counts by row, then the hidden cells: a count below `minCount` (primary), and in a
 * month with exactly one such cell, the smallest other count of that month as well (secondary), so
 * that the month's total, which another table may show, never gives a hidden cell back.
 */
function hide(counts: number[][], months: number, minCount: number): boolean[][] {
  const hidden = counts.map((row) => row.map((n) => n > 0 && n < minCount));
  for (let m = 0; m < months; m++) {
    if (hidden.filter((row) => row[m]).length !== 1) continue;
    let smallest = -1;
    counts.forEach((row, r) => {
      if (!hidden[r][m] && row[m] > 0 && (smallest < 0 || row[m] < counts[smallest][m])) smallest = r;
    });
    if (smallest >= 0) hidden[smallest][m] = true;
  }
  return hidden;
}

/**
 * A table of counts by key and month with small counts suppressed: each hidden cell reads "< k",
 * row totals add up shown cells only; rows are sorted by that total, largest first.
 */
export function suppressedTable(
  id: string,
  columns: string[],
  months: string[],
  facts: Iterable<Fact>,
  minCount: number,
): Table {
  const column = new Map(months.map((m, i) => [m, i]));
  const byKey = new Map<string, { key: string[]; counts: number[] }>();
  for (const fact of facts) {
    const m = column.get(fact.month);
    if (m === undefined) continue;
    const k = fact.key.join('\t');
    let row = byKey.get(k);
    if (!row) byKey.set(k, (row = { key: fact.key, counts: months.map(() => 0) }));
    row.counts[m] += fact.count;
  }
  const rows = [...byKey.values()];
  const hidden = hide(
    rows.map((r) => r.counts),
    months.length,
    minCount,
  );
  const text = hiddenText(minCount);
  return {
    id,
    columns,
    months,
    rows: rows
      .map((r, i) => {
        const cells = r.counts.map((n, m) => (hidden[i][m] ? text : n));
        return { key: r.key, cells, total: cells.reduce<number>((s, c) => s + (typeof c === 'number' ? c : 0), 0) };
      })
      .sort((a, b) => b.total - a.total || a.key.join('\t').localeCompare(b.key.join('\t'))),
  };
}

/**
 * A coarser table made of another table's shown cells (hidden ones count for nothing), e.g. themes
 * from nodes: a sum of shown cells is 0 or at least the threshold, and gives no hidden cell back.
 */
export function rollUp(table: Table, id: string, keep: number[]): Table {
  const byKey = new Map<string, TableRow>();
  for (const row of table.rows) {
    const key = keep.map((i) => row.key[i]);
    const k = key.join('\t');
    let sum = byKey.get(k);
    if (!sum) byKey.set(k, (sum = { key, cells: table.months.map(() => 0), total: 0 }));
    row.cells.forEach((c, m) => {
      if (typeof c === 'number') sum.cells[m] = (sum.cells[m] as number) + c;
    });
    sum.total += row.total;
  }
  return {
    id,
    columns: keep.map((i) => table.columns[i]),
    months: table.months,
    rows: [...byKey.values()].sort((a, b) => b.total - a.total || a.key.join('\t').localeCompare(b.key.join('\t'))),
  };
}
