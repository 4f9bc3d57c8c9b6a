import type { Catalog } from './catalog.js';
import type { LanguageStatus } from './status.js';

export const PROVENANCE_START = '<!-- provenance:start -->';
export const PROVENANCE_END = '<!-- provenance:end -->';

/** The README's "Languages and their provenance" table, derived from meta.json and review.json. */
export function provenanceTable(statuses: LanguageStatus[], meta: Catalog['meta']): string {
  const rows = statuses.map((s) => {
    const m = meta[s.code];
    const name = m?.englishName ? `${s.name} (${m.englishName})` : s.name;
    const { reviewed, toReview, stale, total } = s.strings;
    return `| ${s.code} | ${name} | ${s.dir} | ${s.translation} | ${s.reviewed ? 'yes' : 'no'} | ${reviewed} / ${total} | ${toReview} | ${stale} |`;
  });
  return [
    '| code | language | direction | translation | every string reviewed | strings reviewed | to review | stale |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

/** `readme` with the text between the provenance markers replaced by `table`; undefined without markers. */
export function withProvenance(readme: string, table: string): string | undefined {
  const start = readme.indexOf(PROVENANCE_START);
  const end = readme.indexOf(PROVENANCE_END);
  if (start < 0 || end < start) return undefined;
  return `${readme.slice(0, start + PROVENANCE_START.length)}\n${table}\n${readme.slice(end)}`;
}
