import { DirectoryFile, Entry } from './schema.js';
import { hoursError } from './hours.js';
import { fieldProblems } from '../common/zodIssues.js';

export interface Problem {
  /** Entry id, or its position when the id itself is missing. */
  entry: string;
  field: string;
  message: string;
}

export class DirectoryError extends Error {
  constructor(
    readonly file: string,
    readonly problems: Problem[],
  ) {
    super(
      `directory ${file} is invalid:\n${problems.map((p) => `  - ${p.entry} ${p.field}: ${p.message}`).join('\n')}`,
    );
  }
}

function entryLabel(raw: unknown, index: number): string {
  const id = (raw as { entries?: { id?: unknown }[] })?.entries?.[index]?.id;
  return typeof id === 'string' ? id : `entries[${index}]`;
}

/** Rules the schema alone cannot express: unique ids, parseable hours (the entry's and each site's). */
export function entryProblems(entry: Entry): Problem[] {
  const problems: Problem[] = [];
  const check = (field: string, osm: string | undefined) => {
    const error = osm && hoursError(osm);
    if (error) problems.push({ entry: entry.id, field, message: error });
  };
  check('hours.osm', entry.hours?.osm);
  entry.sites?.forEach((site, i) => check(`sites.${i}.hours`, site.hours));
  return problems;
}

/** Validates a whole directory file's content, returning every problem with its entry and field. */
export function validateDirectory(raw: unknown): { data?: DirectoryFile; problems: Problem[] } {
  const parsed = DirectoryFile.safeParse(raw);
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((issue) => {
        const [top, index, ...rest] = issue.path;
        const isEntry = top === 'entries' && typeof index === 'number';
        return {
          entry: isEntry ? entryLabel(raw, index) : '(file)',
          field: (isEntry ? rest : issue.path).join('.') || '(root)',
          message: issue.message,
        };
      }),
    };
  }
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const entry of parsed.data.entries) {
    if (seen.has(entry.id)) problems.push({ entry: entry.id, field: 'id', message: 'is used by another entry' });
    seen.add(entry.id);
    problems.push(...entryProblems(entry));
  }
  return problems.length ? { problems } : { data: parsed.data, problems };
}

/** Validates one entry as an admin would submit it. */
export function validateEntry(raw: unknown): { entry?: Entry; problems: Problem[] } {
  const parsed = Entry.safeParse(raw);
  const id = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : '(new)';
  if (!parsed.success) {
    return {
      problems: fieldProblems(parsed.error, '(root)').map((p) => ({ entry: id, ...p })),
    };
  }
  const problems = entryProblems(parsed.data);
  return problems.length ? { problems } : { entry: parsed.data, problems };
}
