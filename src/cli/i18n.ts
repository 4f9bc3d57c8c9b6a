import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCatalog, type Catalog } from '../i18n/catalog.js';
import { provenanceTable, withProvenance } from '../i18n/provenance.js';
import { languageStatuses, type LanguageStatus } from '../i18n/status.js';

const USAGE = `usage: npm run i18n -- status [--write | --check] [--json] [--root DIR]
  status           per language: strings reviewed / to review / stale (from locales/<lng>/review.json)
  status --check   exit 1 when a meta.json "reviewed" or the README's provenance table disagrees
  status --write   rewrite each meta.json "reviewed" and the README table between its markers
  --root DIR       the repository to read (default: the current directory)`;

/** Writes through a temporary file and a rename, so an interrupted run never leaves half a file. */
function replaceFile(file: string, content: string): void {
  writeFileSync(`${file}.tmp`, content);
  renameSync(`${file}.tmp`, file);
}

function print(statuses: LanguageStatus[]): void {
  for (const s of statuses) {
    const { reviewed, total, toReview, stale } = s.strings;
    console.log(
      `${s.code}\t${s.translation.padEnd(7)}\treviewed ${String(reviewed).padStart(3)}/${total}` +
        `\tto review ${String(toReview).padStart(3)}\tstale ${String(stale).padStart(3)}` +
        `\t${s.reviewed ? 'REVIEWED' : 'not reviewed'}`,
    );
  }
}

/** What disagrees with review.json: meta.json files and the README table, with the fixes --write makes. */
function differences(root: string, catalog: Catalog, statuses: LanguageStatus[]) {
  const metas = statuses.filter((s) => catalog.meta[s.code] && catalog.meta[s.code]!.reviewed !== s.reviewed);
  const readmeFile = join(root, 'README.md');
  const readme = readFileSync(readmeFile, 'utf8');
  const wanted = withProvenance(readme, provenanceTable(statuses, catalog.meta));
  if (wanted === undefined) throw new Error(`${readmeFile}: the provenance markers are missing`);
  return { metas, readmeFile, readme: wanted === readme ? undefined : wanted };
}

function write(root: string, catalog: Catalog, statuses: LanguageStatus[]): number {
  const { metas, readmeFile, readme } = differences(root, catalog, statuses);
  for (const s of metas) {
    const file = join(root, 'locales', s.code, 'meta.json');
    const meta = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    meta.reviewed = s.reviewed;
    replaceFile(file, `${JSON.stringify(meta, null, 2)}\n`);
    console.log(`wrote ${file}: "reviewed": ${String(s.reviewed)}`);
  }
  if (readme) {
    replaceFile(readmeFile, readme);
    console.log(`wrote ${readmeFile}: provenance table`);
  }
  return 0;
}

function check(root: string, catalog: Catalog, statuses: LanguageStatus[]): number {
  const { metas, readmeFile, readme } = differences(root, catalog, statuses);
  for (const s of metas) console.error(`${s.code}: meta.json "reviewed" should be ${String(s.reviewed)}`);
  if (readme) console.error(`${readmeFile}: the provenance table is out of date`);
  if (metas.length || readme) {
    console.error('run "npm run i18n -- status --write"');
    return 1;
  }
  return 0;
}

export function main(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      write: { type: 'boolean' },
      check: { type: 'boolean' },
      json: { type: 'boolean' },
      root: { type: 'string' },
    },
  });
  if (positionals[0] !== 'status' || (values.write && values.check)) {
    console.error(USAGE);
    return 2;
  }
  const root = resolve(values.root ?? '.');
  // Reading the files straight: a meta.json that disagrees must be reported here, not refuse to load.
  const catalog = loadCatalog(join(root, 'locales'));
  const statuses = languageStatuses(catalog);
  if (values.json) console.log(JSON.stringify({ languages: statuses }, null, 2));
  else print(statuses);
  if (values.write) return write(root, catalog, statuses);
  if (values.check) return check(root, catalog, statuses);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename))
  process.exitCode = main(process.argv.slice(2));
