import { stringify } from 'csv-stringify/sync';
import type { Table } from './suppress.js';

/**
 * One table as CSV (UTF-8 with a BOM, for spreadsheets): its key columns, one column per month
 * (a suppressed cell reads "< 5"), and `total_shown`, the sum of the row's shown cells only.
 */
export function tableCsv(table: Table): string {
  const header = [...table.columns, ...table.months, 'total_shown'];
  return stringify(
    table.rows.map((r) => [...r.key, ...r.cells.map(String), String(r.total)]),
    { bom: true, header: true, columns: header },
  );
}
