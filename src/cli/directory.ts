import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { DirectoryFile } from '../directory/schema.js';
import { validateDirectory } from '../directory/validate.js';
import { freshness, isStale } from '../directory/rules.js';
import { loadConfig } from '../config.js';
import { campaignCsv } from './campaign.js';

const USAGE = `usage: npm run directory -- <command>
  validate [file]   check a directory file (default data/directory.json); prints every problem
  stale [file]      list entries not verified for 12 months, and those marked needs-verification, with
                    their freshness (call-first over 12 months, very-old over 24: the one rule of rules.ts)
  schema            write data/directory.schema.json (JSON Schema of the file, from the zod schema)
  campaign [file]   CSV of the entries to re-verify by organisation, with contacts, confirmation links
                    (when CONFIRM_LINK_SECRET is set) and the actors sought and not found (data/SOURCES.md)`;

/** The JSON Schema of data/directory.json, generated from the one zod schema. */
export function directoryJsonSchema(): object {
  return {
    $id: 'https://passerelle.example/directory.schema.json',
    title: 'Passerelle directory',
    ...z.toJSONSchema(DirectoryFile, { io: 'input', unrepresentable: 'any' }),
  };
}

function read(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    console.error(`${file}: cannot be read as JSON: ${(err as Error).message}`);
    process.exit(1);
  }
}

/** The campaign CSV on stdout; links are recorded in STATE_DIR as the admin's are. */
async function campaign(file: string): Promise<number> {
  const { data, problems } = validateDirectory(read(file));
  if (!data) {
    console.error(`${file} is invalid (${problems.length} problems): run "validate" first`);
    return 1;
  }
  const config = loadConfig();
  process.stdout.write(
    await campaignCsv({
      entries: data.entries,
      sourcesFile: resolve('data/SOURCES.md'),
      stateDir: config.stateDir,
      secret: config.confirmLinkSecret,
      baseUrl: config.publicUrl ?? `http://localhost:${config.port}`,
    }),
  );
  return 0;
}

function main(args: string[]): number | Promise<number> {
  const [command, fileArg] = args;
  const file = resolve(fileArg ?? 'data/directory.json');
  switch (command) {
    case 'validate': {
      const { data, problems } = validateDirectory(read(file));
      for (const p of problems) console.log(`${p.entry}\t${p.field}\t${p.message}`);
      if (!data) {
        console.error(`${file}: ${problems.length} problem(s)`);
        return 1;
      }
      console.log(`${file}: ${data.entries.length} entries, valid`);
      return 0;
    }
    case 'stale': {
      const { data, problems } = validateDirectory(read(file));
      if (!data) {
        console.error(`${file} is invalid (${problems.length} problems): run "validate" first`);
        return 1;
      }
      const rows = data.entries.filter(
        (e) => e.status !== 'archived' && (isStale(e.verifiedAt) || e.status === 'needs-verification'),
      );
      // "2021" and "2021-01" (sources dated by year or month) sort before every day of their period.
      for (const e of rows.sort((a, b) => a.verifiedAt.localeCompare(b.verifiedAt))) {
        console.log(`${e.verifiedAt.padEnd(10)}\t${e.status}\t${freshness(e.verifiedAt)}\t${e.id}\t${e.name}`);
      }
      console.log(`${rows.length} of ${data.entries.length} entries to re-verify`);
      return 0;
    }
    case 'campaign':
      return campaign(file);
    case 'schema': {
      const out = resolve('data/directory.schema.json');
      writeFileSync(out, `${JSON.stringify(directoryJsonSchema(), null, 2)}\n`);
      console.log(`wrote ${out}`);
      return 0;
    }
    default:
      console.error(USAGE);
      return 2;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename))
  void Promise.resolve(main(process.argv.slice(2))).then((code) => (process.exitCode = code));
