import { monthsBefore, parisToday, startOfPeriod } from '../common/time.js';
import type { Entry, Notice } from './schema.js';

/** What the public sees (bot, read API, pages, exports): published entries and those being re-checked. */
export const isPublic = (e: Pick<Entry, 'status'>): boolean =>
  e.status === 'published' || e.status === 'needs-verification';

/** The national emergency numbers shown on the emergency screen. */
export const isEmergencyEntry = (e: Pick<Entry, 'status' | 'themes'>): boolean =>
  e.status === 'published' && e.themes.includes('emergency.general');

/**
 * Reached by phone, not visited: national hotlines, and entries with no address. Their cards say
 * when they answer and that calling is the way; "call before going" is for places one goes to.
 */
export const isReachedByPhone = (e: Pick<Entry, 'kind' | 'address'>): boolean =>
  e.kind === 'national-hotline' || !e.address;

/**
 * How old an entry's facts are, freshest first: under 6 months "fresh"; 6 to 12 "dated"; over 12
 * "call-first" (call before going); over 24 "very-old" (no longer offered when a fresher entry
 * serves the same need, and marked where still shown).
 */
export const FRESHNESS = ['fresh', 'dated', 'call-first', 'very-old'] as const;
export type Freshness = (typeof FRESHNESS)[number];
const AGE_MONTHS = [6, 12, 24];

/** An entry not verified for this many months says "call before going". */
export const STALE_AFTER_MONTHS = 12;

let cutoffCache = { minute: NaN, ms: [0, 0, 0] };

/**
 * The instants (ms) before which an entry is older than 6, 12 and 24 months at `at`: the same
 * calendar day that many months ago, in Paris. On the anniversary day itself it is not older yet.
 */
export function freshnessCutoffs(at: number): readonly number[] {
  const minute = Math.floor(at / 60_000);
  if (cutoffCache.minute !== minute) {
    const today = parisToday(at);
    cutoffCache = { minute, ms: AGE_MONTHS.map((m) => Date.parse(monthsBefore(today, m))) };
  }
  return cutoffCache.ms;
}

/** The level of a verification instant (ms, the start of its period) at `at`. */
export function freshnessOfMs(verifiedMs: number, at: number): Freshness {
  const [six, twelve, twentyFour] = freshnessCutoffs(at);
  if (verifiedMs >= six) return 'fresh';
  if (verifiedMs >= twelve) return 'dated';
  return verifiedMs >= twentyFour ? 'call-first' : 'very-old';
}

/** The ms a verification date counts from: a date of reduced precision counts from its period's start. */
export const verifiedMs = (verifiedAt: string): number => Date.parse(startOfPeriod(verifiedAt));

/**
 * The one freshness rule: the bot, the read API, the pages, the CLI and the review queue use it.
 * `at` is the app's clock (config.now).
 */
export function freshness(verifiedAt: string, at: number = Date.now()): Freshness {
  return freshnessOfMs(verifiedMs(verifiedAt), at);
}

/** Entries verified before this instant (ms) are stale at `at`: over twelve months old. */
export function staleCutoff(at: number): number {
  return freshnessCutoffs(at)[1];
}

/** Over twelve months old: "call before going". */
export function isStale(verifiedAt: string, at: number = Date.now()): boolean {
  return verifiedMs(verifiedAt) < staleCutoff(at);
}

/** Whether people should call before going: over twelve months old, or marked for re-checking. */
export const callFirst = (level: Freshness, status: Entry['status']): boolean =>
  level === 'call-first' || level === 'very-old' || status === 'needs-verification';

/** The notices of an entry in force on `at`'s Paris day (from start to end, both included). */
export function currentNotices(entry: Pick<Entry, 'notices'>, at: number): Notice[] {
  if (!entry.notices?.length) return [];
  const today = parisToday(at);
  return entry.notices.filter((n) => n.start <= today && today <= n.end);
}

/** How widely a hit serves, narrowest first (entryFacts.ts LEVELS; `outside` serves nobody here). */
const REACH = ['commune', 'arrondissement', 'departement', 'region', 'national'];

interface Offered {
  entry: Pick<Entry, 'themes' | 'phones'>;
  freshness?: Freshness;
  locality?: string;
}

/**
 * Drops the very old hits (over 24 months) that a fresher hit of the list replaces: one serving
 * the same need (a theme asked for, or any of the entry's own), as widely (a local service never
 * hides a national line), and reachable as well (by phone when the old one has a phone).
 */
export function withoutSuperseded<H extends Offered>(hits: readonly H[], themes?: readonly string[]): H[] {
  const needs = (h: H) =>
    h.entry.themes.filter((t) => !themes?.length || themes.some((q) => t === q || t.startsWith(`${q}.`)));
  const reach = (h: H) => REACH.indexOf(h.locality ?? 'national');
  const replaces = (fresh: H, old: H) =>
    fresh.freshness !== 'very-old' &&
    reach(fresh) >= reach(old) &&
    (!old.entry.phones.length || fresh.entry.phones.length > 0) &&
    needs(fresh).some((t) => needs(old).includes(t));
  return hits.filter((h) => h.freshness !== 'very-old' || !hits.some((other) => replaces(other, h)));
}

/** Of the public entries: how many, how many say which languages are spoken there, and how many speak each. */
export function languagesSpoken(entries: readonly Entry[]): {
  total: number;
  declaring: number;
  languages: { code: string; count: number }[];
} {
  const visible = entries.filter(isPublic);
  const counts = new Map<string, number>();
  for (const e of visible) for (const code of e.languagesSpoken) counts.set(code, (counts.get(code) ?? 0) + 1);
  return {
    total: visible.length,
    declaring: visible.filter((e) => e.languagesSpoken.length > 0).length,
    languages: [...counts].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count),
  };
}
