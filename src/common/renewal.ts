/**
 * When to file for the renewal of a residence permit (CESEDA art. R431-5, in force 1 May 2021):
 * titles handled on the ANEF between the 120th and the 60th day before expiry, other titles within
 * the two months before expiry. Dates are ISO days ("2027-03-12") computed in UTC: no time zone
 * moves a day. Shared by the chat's answer and the calendar file, so both say the same dates.
 */
export const TITLE_KINDS = ['anef', 'other'] as const;
export type TitleKind = (typeof TITLE_KINDS)[number];

/** Where today stands against the window; `absurd`: further than any permit lasts (10 years). */
export type RenewalStatus = 'ahead' | 'open' | 'late' | 'expired' | 'absurd';

export interface RenewalWindow {
  kind: TitleKind;
  expiry: string;
  /** First day to file. */
  opens: string;
  /** Last day to file. */
  closes: string;
  /** Two weeks before `closes`: the second reminder. */
  remind: string;
}

const DAY_MS = 86_400_000;
/** A carte de résident, the longest title, lasts 10 years. */
const LONGEST_YEARS = 10;

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const ms = (day: string) => Date.parse(`${day}T00:00:00Z`);
const addDays = (day: string, days: number) => iso(ms(day) + days * DAY_MS);

/** The same day `months` earlier (or later), the last day of the month when it has no such day. */
function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return iso(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, last)));
}

/** A real calendar day written YYYY-MM-DD, or null. */
export function isoDay(text: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const at = ms(text);
  return Number.isNaN(at) || iso(at) !== text ? null : text;
}

/** The filing window of a title expiring on `expiry`. */
export function renewalWindow(expiry: string, kind: TitleKind): RenewalWindow {
  const opens = kind === 'anef' ? addDays(expiry, -120) : addMonths(expiry, -2);
  // "Before expiry": the other titles' last day is the day before the card ends.
  const closes = kind === 'anef' ? addDays(expiry, -60) : addDays(expiry, -1);
  return { kind, expiry, opens, closes, remind: addDays(closes, -14) };
}

export function renewalStatus(window: RenewalWindow, today: string): RenewalStatus {
  if (window.expiry > addMonths(today, 12 * LONGEST_YEARS)) return 'absurd';
  if (window.expiry <= today) return 'expired';
  if (today > window.closes) return 'late';
  return today >= window.opens ? 'open' : 'ahead';
}

/** Today in UTC from a clock reading. */
export const dayOf = (nowMs: number): string => iso(nowMs);
