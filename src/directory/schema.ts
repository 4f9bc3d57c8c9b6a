import { z } from 'zod';
import { isValidPhoneNumber } from 'libphonenumber-js/max';
import { Address, LocalizedText, PartialDate } from './fields.js';
import { Notice, Site, Verification } from './entryParts.js';

export { Address, LocalizedText, PartialDate } from './fields.js';
export * from './entryParts.js';

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

/** A service's own confirmation through its signed link (admin/serviceReply.ts): evidence with no page to open. */
export const CONFIRMATION_URN = /^urn:passerelle:confirmation:[\w-]{1,100}$/;

export const Source = z.object({
  url: WebUrl.or(z.string().regex(CONFIRMATION_URN)),
  title: z.string().min(1),
  date: z.string().min(1),
  attests: z.string().min(1),
});

export const Area = z.object({
  level: z.enum(['commune', 'arrondissement', 'departement', 'region', 'national']),
  /** INSEE codes of the communes, arrondissements (e.g. "051"), départements ("05") or regions ("93"); empty for national. */
  codes: z.array(z.string().regex(/^[0-9AB]{2,5}$/)),
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
  sites: z.array(Site).optional(),
  notices: z.array(Notice).optional(),
  sources: z.array(Source).min(1),
  /** Verifications with evidence, oldest first. */
  verifications: z.array(Verification).optional(),
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
