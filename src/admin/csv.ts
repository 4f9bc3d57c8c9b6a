import { parse } from 'csv-parse/sync';
import { toCsv, unneutralize } from '../directory/present/csv.js';
import { Entry } from '../directory/schema.js';
import { LOCALES } from '../common/locales.js';
import type { Draft } from './commit.js';
import type { FieldProblem } from './errors.js';
import { DANGEROUS_KEYS } from './safeKeys.js';

/** Columns holding a list of codes ("a; b"), JSON, a boolean or a number. */
const LISTS = new Set(['themes', 'languagesSpoken', 'audiences', 'area.codes']);
const JSON_COLUMNS = new Set(['phones', 'sources', 'sites', 'notices', 'verifications']);
const BOOLEANS = new Set(['appointmentOnly', 'free']);
const NUMBERS = new Set(['version']);
const TOP = Object.keys(Entry.shape);

function flatten(value: unknown, key: string, out: Record<string, string>): void {
  if (value === undefined) return;
  if (LISTS.has(key)) out[key] = (value as string[]).join('; ');
  else if (JSON_COLUMNS.has(key)) out[key] = (value as unknown[]).length ? JSON.stringify(value) : '';
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) flatten(v, `${key}.${k}`, out);
  else out[key] = String(value);
}

function rank(column: string): [number, number, string] {
  const [top, ...rest] = column.split('.');
  const last = rest.at(-1) ?? '';
  const locale = (LOCALES as readonly string[]).indexOf(last);
  return [TOP.indexOf(top), locale < 0 ? 99 : locale, column];
}
const compare = (a: string, b: string) => {
  const [x, y] = [rank(a), rank(b)];
  return x[0] - y[0] || x[2].split('.').length - y[2].split('.').length || x[1] - y[1] || x[2].localeCompare(y[2]);
};

/** One row per entry; nested objects as dotted columns (summary.fr, address.town), lists as "a; b". */
export function entriesToCsv(entries: readonly Entry[]): string {
  const rows = entries.map((e) => {
    const row: Record<string, string> = {};
    for (const [k, v] of Object.entries(e)) flatten(v, k, row);
    return row;
  });
  const columns = [...new Set(rows.flatMap(Object.keys))].sort(compare);
  return toCsv(columns, rows);
}

/** Sets a dotted column's value in a draft; the objects on the way have no prototype to reach. */
function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = Object.hasOwn(node, key) ? node[key] : undefined;
    node = (next && typeof next === 'object' ? next : (node[key] = Object.create(null))) as Record<string, unknown>;
  }
  node[path.at(-1)!] = value;
}

/** Parses the CSV written by entriesToCsv back into drafts; cells that cannot be read are problems. */
export function csvToDrafts(text: string): { drafts: Draft[]; problems: (FieldProblem & { entry: string })[] } {
  let unsafe: string[] = [];
  // The header is checked as read: a column named "__proto__" would not even show in a row's keys.
  const columns = (header: string[]) => {
    unsafe = header.filter((c) =>
      String(c)
        .split('.')
        .some((k) => DANGEROUS_KEYS.has(k.trim())),
    );
    return header;
  };
  const records = parse<Record<string, string>>(text, { columns, bom: true, skip_empty_lines: true, trim: true });
  if (unsafe.length)
    return { drafts: [], problems: unsafe.map((field) => ({ entry: '(header)', field, message: 'not a field name' })) };
  const problems: (FieldProblem & { entry: string })[] = [];
  const drafts = records.map((record, i) => {
    const draft: Record<string, unknown> = Object.create(null);
    const label = record.id || `rows[${i + 2}]`;
    for (const [column, raw] of Object.entries(record)) {
      const cell = unneutralize(raw);
      if (!LISTS.has(column) && cell === '') continue;
      let value: unknown = cell;
      if (LISTS.has(column))
        value = cell
          .split(';')
          .map((s) => s.trim())
          .filter(Boolean);
      else if (BOOLEANS.has(column)) value = cell === 'true' ? true : cell === 'false' ? false : cell;
      else if (NUMBERS.has(column)) value = Number(cell);
      else if (JSON_COLUMNS.has(column)) {
        try {
          value = JSON.parse(cell);
        } catch {
          problems.push({ entry: label, field: column, message: 'expected a JSON list' });
          continue;
        }
      }
      setPath(draft, column.split('.'), value);
    }
    return draft;
  });
  return { drafts, problems };
}
