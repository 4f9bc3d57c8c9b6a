import { readFileSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import { openConfirmLinks } from '../admin/confirmLinks.js';
import { freshness } from '../directory/rules.js';
import type { Entry } from '../directory/schema.js';

export interface CampaignOptions {
  entries: readonly Entry[];
  /** data/SOURCES.md: its "Sought and not found" table lists actors to ask too. */
  sourcesFile?: string;
  /** With a secret, each entry gets a confirmation link (recorded in STATE_DIR like the admin's). */
  stateDir: string;
  secret?: string;
  baseUrl: string;
  now?: () => number;
}

const COLUMNS = [
  'organisation',
  'entry',
  'name',
  'status',
  'verifiedAt',
  'freshness',
  'phones',
  'email',
  'website',
  'address',
  'whoToAsk',
  'link',
  'linkExpires',
];

/** Markdown cell text without backticks and bold marks. */
const plain = (cell: string) => cell.replace(/[`*]/g, '').trim();

/** The rows of the "Sought and not found" table of data/SOURCES.md: the actor and whom to ask. */
export function soughtActors(markdown: string): { actor: string; whoToAsk: string }[] {
  const section = markdown.split(/^## /m).find((s) => s.startsWith('Sought and not found'));
  if (!section) return [];
  return section
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|\s*(actor|---)/.test(line))
    .map((line) => line.split('|').slice(1, -1))
    .filter((cells) => cells.length >= 4)
    .map((cells) => ({ actor: plain(cells[0]), whoToAsk: plain(cells[3]) }));
}

/** The entries to re-verify (older than 6 months, or marked for re-checking), not archived. */
export function toReverify(entries: readonly Entry[], at: number): Entry[] {
  return entries.filter(
    (e) => e.status !== 'archived' && (freshness(e.verifiedAt, at) !== 'fresh' || e.status === 'needs-verification'),
  );
}

/**
 * `npm run directory -- campaign`: the entries to re-verify grouped by organisation with the
 * contacts to ask and, when CONFIRM_LINK_SECRET is set, each entry's confirmation link; then the
 * actors sought and not found. CSV (UTF-8 with BOM) for a spreadsheet or a mail merge.
 */
export async function campaignCsv(options: CampaignOptions): Promise<string> {
  const at = (options.now ?? Date.now)();
  const links = options.secret ? await openConfirmLinks(options.stateDir, options.secret, options.now) : undefined;
  const org = (e: Entry) => e.organization ?? e.name;
  const entries = toReverify(options.entries, at).sort(
    (a, b) => org(a).localeCompare(org(b), 'fr') || a.verifiedAt.localeCompare(b.verifiedAt),
  );
  const rows: Record<string, string>[] = [];
  for (const e of entries) {
    const issued = links ? await links.issue(e.id, 'campaign (npm run directory -- campaign)') : undefined;
    const a = e.address;
    rows.push({
      organisation: org(e),
      entry: e.id,
      name: e.name,
      status: e.status,
      verifiedAt: e.verifiedAt,
      freshness: freshness(e.verifiedAt, at),
      phones: e.phones.map((p) => p.number).join(' '),
      email: e.email ?? '',
      website: e.website ?? '',
      address: a ? [a.street, a.postalCode, a.town].filter(Boolean).join(' ') : '',
      whoToAsk: '',
      link: issued ? `${options.baseUrl}/confirmer#${issued.token}` : '',
      linkExpires: issued ? new Date(issued.link.expiresAt).toISOString() : '',
    });
  }
  const sought = options.sourcesFile ? soughtActors(readFileSync(options.sourcesFile, 'utf8')) : [];
  for (const s of sought) rows.push({ organisation: s.actor, status: 'sought-not-found', whoToAsk: s.whoToAsk });
  return stringify(rows, { header: true, bom: true, columns: COLUMNS });
}
