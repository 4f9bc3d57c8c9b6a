import { z } from 'zod';
import { LOCALES } from '../common/locales.js';

/** A calendar date YYYY-MM-DD that exists (no 2021-02-30). */
const isRealDay = (date: string) => {
  const [y, m, d] = date.split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
};

const PARTIAL_DATE = /^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$/;
/**
 * An ISO 8601 date with the precision its source really has: "2021" (year), "2021-01" (month) or
 * "2021-01-14" (day). A year-only source is never stored as "2021-01-01": that would invent a day.
 * Readers treat a reduced date as the start of its period (Date.parse("2021") is 1 January 2021 UTC;
 * as a string, "2021" sorts before every "2021-…" date), so freshness errs on the safe side: an entry
 * looks older, never newer, than it is.
 */
export const PartialDate = z
  .string()
  .regex(PARTIAL_DATE, 'expected a date YYYY, YYYY-MM or YYYY-MM-DD (month 01–12, day 01–31)')
  .refine((date) => !PARTIAL_DATE.test(date) || date.length !== 10 || isRealDay(date), {
    message: 'no such day in that month',
  });

/** Text per language; French is the source and is required, other languages fall back to it. */
export const LocalizedText = z
  .object({ fr: z.string().min(1) })
  .catchall(z.string().min(1))
  .refine((t) => Object.keys(t).every((k) => (LOCALES as readonly string[]).includes(k)), {
    message: `languages must be among ${LOCALES.join(', ')}`,
  });

export const Address = z.object({
  street: z.string().min(1).optional(),
  postalCode: z
    .string()
    .regex(/^\d{5}$/)
    .optional(),
  town: z.string().min(1),
  inseeCode: z
    .string()
    .regex(/^[0-9AB]{5}$/)
    .optional(),
});
