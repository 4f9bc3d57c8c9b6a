import { z } from 'zod';
import { LOCALES } from '../shared/locales.js';
import { isValidPhoneNumber } from 'libphonenumber-js/max';

/** Schema version of data/directory.json; bump it with a migration when fields change meaning. */
export const DIRECTORY_SCHEMA_VERSION = 1;

/** Closed theme taxonomy (HSDS taxonomy_term); labels live in locales/<lng>/themes.json. */
export const THEMES = [
  'language.french-course',
  'language.cir',
  'work.job-search',
  'work.youth',
  'work.diploma-recognition',
  'housing.emergency-shelter',
  'housing.day-centre',
  'housing.asylum-accommodation',
  'housing.social-housing',
  'housing.benefits',
  'health.emergency',
  'health.doctor-on-call',
  'health.pass',
  'health.insurance',
  'health.mental',
  'rights.residence-permit',
  'rights.asylum',
  'rights.legal-aid',
  'rights.domiciliation',
  'rights.access',
  'rights.violence',
  'rights.child-protection',
  'basic.food',
  'basic.clothing',
  'emergency.general',
] as const;
export type Theme = (typeof THEMES)[number];

export const KINDS = [
  'state-service',
  'state-operator',
  'local-authority',
  'social-security',
  'health-facility',
  'association',
  'public-service-network',
  'national-hotline',
] as const;

export const AUDIENCES = [
  'all',
  'refugees',
  'asylum-seekers',
  'undocumented',
  'minors',
  'young-adults',
  'women',
  'families',
  'deaf',
] as const;

export const STATUSES = ['published', 'draft', 'needs-verification', 'archived'] as const;

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

/** Short national numbers (15, 115, 3919, 116 117) are dialled as is; others are E.164. */
export const PhoneNumber = z
  .string()
  .refine((n) => /^\d{2,6}$/.test(n) || (n.startsWith('+') && isValidPhoneNumber(n)), {
    message: 'expected a short number (2–6 digits) or a valid E.164 number such as +33492000000',
  });

export const Phone = z.object({
  number: PhoneNumber,
  label: LocalizedText.optional(),
  sms: z.boolean().optional(),
});

/**
 * A web address people may open: http or https only, as written (javascript:, data:, vbscript: or
 * file: would run or read something in the reader's browser wherever the address becomes a link).
 */
export const WebUrl = z
  .url({ protocol: /^https?$/, error: 'expected an http:// or https:// address' })
  .refine((url) => /^https?:\/\/\S+$/i.test(url), { message: 'expected an http:// or https:// address' });

export const Source = z.object({
  url: WebUrl,
  title: z.string().min(1),
  date: z.string().min(1),
  attests: z.string().min(1),
});

export const Area = z.object({
  level: z.enum(['commune', 'arrondissement', 'departement', 'region', 'national']),
  /** INSEE codes of the communes, arrondissements (e.g. "051"), départements ("05") or regions ("93"); empty for national. */
  codes: z.array(z.string().regex(/^[0-9AB]{2,5}$/)),
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

export const Entry = z.object({
  id: z.string().regex(/^[a-z0-9]+(?:[.-][a-z0-9]+)*$/, 'ids are dotted lower-kebab'),
  name: z.string().min(2),
  organization: z.string().min(2).optional(),
  kind: z.enum(KINDS),
  themes: z.array(z.enum(THEMES)).min(1),
  summary: LocalizedText,
  address: Address.optional(),
  area: Area,
  phones: z.array(Phone).default([]),
  email: z.email().optional(),
  website: WebUrl.optional(),
  hours: z.object({ osm: z.string().min(1).optional(), note: LocalizedText.optional() }).optional(),
  appointmentOnly: z.boolean().optional(),
  languagesSpoken: z.array(z.string().regex(/^[a-z]{2,3}$/)).default([]),
  audiences: z.array(z.enum(AUDIENCES)).default(['all']),
  free: z.boolean().optional(),
  accessibility: z.string().optional(),
  /** A caveat shown with the entry ("old number, call before going"). */
  caveat: LocalizedText.optional(),
  sources: z.array(Source).min(1),
  verifiedAt: PartialDate.describe(
    'Date of the most recent dated source (or check) that shows the contact facts, with the precision that source has: ' +
      'YYYY when it is dated by year only, YYYY-MM by month, YYYY-MM-DD by day (ISO 8601 reduced precision). ' +
      'A reduced date stands for the start of its period when compared or aged, so staleness errs on the safe side.',
  ),
  /** Who checked: a person or an organisation, never a file or a note ("research notes (shared/research)"). */
  verifiedBy: z
    .string()
    .min(1)
    .refine((v) => /\p{L}/u.test(v) && !/[\\/]|\bnotes?\b|\.(?:md|json|txt)\b/i.test(v), {
      message: 'name a person or an organisation, not a file or notes',
    }),
  status: z.enum(STATUSES),
  updatedAt: z.iso.datetime({ offset: true }),
  version: z.number().int().min(1),
});
export type Entry = z.infer<typeof Entry>;
export type EntryInput = z.input<typeof Entry>;

export const DirectoryFile = z.object({
  schemaVersion: z.literal(DIRECTORY_SCHEMA_VERSION),
  entries: z.array(Entry),
});
export type DirectoryFile = z.infer<typeof DirectoryFile>;
