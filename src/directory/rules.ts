import { monthsBefore, parisToday, startOfPeriod } from '../shared/time.js';
import type { Entry } from './schema.js';

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

/** An entry not verified for this many months says "call before going". */
export const STALE_AFTER_MONTHS = 12;

let cutoffCache = { minute: NaN, ms: 0 };

/**
 * Entries verified before this instant (ms) are stale at `at`: verified before the same calendar
 * day twelve months ago, in Paris. A date of reduced precision counts from its period's start.
 */
export function staleCutoff(at: number): number {
  const minute = Math.floor(at / 60_000);
  if (cutoffCache.minute !== minute)
    cutoffCache = { minute, ms: Date.parse(monthsBefore(parisToday(at), STALE_AFTER_MONTHS)) };
  return cutoffCache.ms;
}

/** The one freshness rule: the bot, the read API, the pages, the CLI and the review queue use it. */
export function isStale(verifiedAt: string, at: number = Date.now()): boolean {
  return Date.parse(startOfPeriod(verifiedAt)) < staleCutoff(at);
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
