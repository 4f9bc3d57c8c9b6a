import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// opening_hours ships CommonJS without types; the surface we use is typed here.
interface OpeningHours {
  getState(at: Date): boolean;
  getUnknown(at: Date): boolean;
  getNextChange(at: Date, limit?: Date): Date | undefined;
}
const OpeningHoursCtor: new (
  value: string,
  nominatim: object,
  options?: object,
) => OpeningHours = require('opening_hours');

import { TIME_ZONE } from '../common/time.js';

/** French public holidays (PH) are computed from this place; the region does not change them in mainland France. */
const NOMINATIM = { lat: 44.56, lon: 6.08, address: { country_code: 'fr', state: "Provence-Alpes-Côte d'Azur" } };

export interface HoursStatus {
  open: boolean | 'unknown';
  /** Paris wall-clock time of the next opening or closing within a week, as "YYYY-MM-DDTHH:mm". */
  nextChange?: string;
}

/** Throws with the parser's message when the value is not valid opening_hours syntax. */
export function parseHours(value: string): OpeningHours {
  return new OpeningHoursCtor(value, NOMINATIM, { locale: 'fr' });
}

export function hoursError(value: string): string | null {
  try {
    parseHours(value);
    return null;
  } catch (err) {
    return String((err as Error).message ?? err).split('\n')[0];
  }
}

/**
 * The library reads the Date's local fields; we hand it a Date whose local fields are Paris wall
 * time, so results are right whatever the server's TZ.
 */
const PARIS = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** The last second converted: a page of results asks for the same second several times (formatToParts is slow). */
let lastSecond = NaN;
let lastWallClock = 0;

export function parisWallClock(at: Date): Date {
  const second = Math.floor(at.getTime() / 1000);
  if (second !== lastSecond) {
    const parts = Object.fromEntries(PARIS.formatToParts(at).map((p) => [p.type, p.value]));
    lastWallClock = new Date(
      Number(parts.year),
      Number(parts.month) - 1,
      Number(parts.day),
      Number(parts.hour),
      Number(parts.minute),
      Number(parts.second),
    ).getTime();
    lastSecond = second;
  }
  return new Date(lastWallClock);
}

function wallClockString(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function hoursStatus(oh: OpeningHours, at: Date = new Date()): HoursStatus {
  const local = parisWallClock(at);
  const week = new Date(local.getTime() + 7 * 24 * 3600 * 1000);
  const next = oh.getNextChange(local, week);
  return {
    open: oh.getUnknown(local) ? 'unknown' : oh.getState(local),
    ...(next ? { nextChange: wallClockString(next) } : {}),
  };
}
