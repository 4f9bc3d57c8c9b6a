import { stringify } from 'csv-stringify/sync';
import type { Hit } from '../search.js';

// A spreadsheet runs cells starting with these as formulas (or as DDE): such a cell gets a leading "'".
const FORMULA = /^[=+\-@\t\r]/;

/** A cell a spreadsheet shows as text: one starting like a formula gets a leading "'". */
export const neutralize = (cell: string | undefined): string =>
  cell && FORMULA.test(cell) ? `'${cell}` : (cell ?? '');

/** The cell as written by `neutralize`, back to its value (the CSV import reads its own exports). */
export const unneutralize = (cell: string): string => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

/**
 * The one CSV writer of every export (public and admin): UTF-8 with a BOM so spreadsheets read the
 * accents, a header row, every cell neutralised against formula injection.
 */
export function toCsv(columns: readonly string[], rows: readonly Record<string, string | undefined>[]): string {
  return `\ufeff${stringify(
    rows.map((r) => columns.map((c) => neutralize(r[c]))),
    { header: true, columns: [...columns] },
  )}`;
}

const PUBLIC_COLUMNS = [
  'id',
  'name',
  'themes',
  'summary',
  'street',
  'postalCode',
  'town',
  'phones',
  'email',
  'website',
  'hours',
  'languages',
  'verifiedAt',
  'stale',
  'freshness',
  'status',
  'sources',
];

/** The public export (/api/directory/export.csv): one row per search hit, texts in `lang` (French fallback). */
export function directoryCsv(hits: readonly Hit[], lang: string): string {
  const rows = hits.map(({ entry: e, stale, freshness }) => ({
    id: e.id,
    name: e.name,
    themes: e.themes.join(' '),
    summary: e.summary[lang] ?? e.summary.fr,
    street: e.address?.street,
    postalCode: e.address?.postalCode,
    town: e.address?.town,
    phones: e.phones.map((ph) => ph.number).join(' '),
    email: e.email,
    website: e.website,
    hours: e.hours?.osm,
    languages: e.languagesSpoken.join(' '),
    verifiedAt: e.verifiedAt,
    stale: String(stale),
    freshness: freshness ?? '',
    status: e.status,
    sources: e.sources.map((s) => s.url).join(' '),
  }));
  return toCsv(PUBLIC_COLUMNS, rows);
}
