import type { TFunction } from 'i18next';
import { languageName, localized, phoneLink } from './formatEntry.js';
import type { Hit } from '../search.js';
import { z } from 'zod';
import { Address, Area, AUDIENCES, KINDS, PartialDate, STATUSES, THEMES } from '../schema.js';
import { LEVELS } from '../entryFacts.js';
import { isReachedByPhone } from '../rules.js';
import { truthView, TruthView } from './truthView.js';

/** Addresses nearer than this (as the crow flies) are "nearby" for the directory page's groups. */
export const NEARBY_KM = 30;
export const GROUPS = ['commune', 'nearby', 'area', 'national'] as const;
export type Group = (typeof GROUPS)[number];

/**
 * Where a hit stands for someone in a given commune: in that commune (its address, or an area of
 * that commune only), nearby (an address within NEARBY_KM), for a wider area (the département or
 * beyond), or national.
 */
export function groupOf(hit: Pick<Hit, 'locality' | 'distanceKm'>): Group {
  if (hit.locality === 'national') return 'national';
  if (hit.locality === 'commune' || hit.distanceKm === 0) return 'commune';
  return hit.distanceKm !== undefined && hit.distanceKm < NEARBY_KM ? 'nearby' : 'area';
}

/** An entry as the read API shows it: texts in one language, phones ready to dial, freshness. */
export const EntryView = z
  .object({
    id: z.string(),
    name: z.string(),
    organization: z.string().optional(),
    kind: z.enum(KINDS),
    themes: z.array(z.object({ id: z.enum(THEMES), label: z.string() })),
    summary: z.object({
      text: z.string(),
      lang: z.string(),
      fallback: z.boolean().meta({ description: 'true when shown in French because no translation exists' }),
    }),
    address: Address.optional(),
    area: Area,
    phones: z.array(
      z.object({
        number: z.string(),
        display: z.string(),
        href: z.string(),
        label: z.string().optional(),
        sms: z.boolean().optional(),
      }),
    ),
    email: z.string().optional(),
    website: z.string().optional(),
    hours: z
      .object({
        osm: z.string().optional().meta({ description: 'OpenStreetMap opening_hours' }),
        note: z.string().optional(),
        open: z
          .union([z.boolean(), z.literal('unknown'), z.null()])
          .meta({ description: 'true, false, "unknown", or null when only a note exists' }),
        nextChange: z.string().optional().meta({ description: 'Europe/Paris wall-clock time YYYY-MM-DDTHH:mm' }),
      })
      .optional(),
    appointmentOnly: z.boolean().optional(),
    languagesSpoken: z.array(z.object({ code: z.string(), name: z.string() })),
    audiences: z.array(z.enum(AUDIENCES)),
    free: z.boolean().optional(),
    caveat: z.string().optional(),
    accessibility: z.string().optional(),
    reach: z.enum(['place', 'phone']).meta({
      description: 'phone: a hotline or an entry without an address, reached by calling; place: somewhere to go',
    }),
    verifiedAt: PartialDate.meta({
      description:
        'Date of the most recent dated source or check, with the precision the source has (ISO 8601): YYYY, YYYY-MM or YYYY-MM-DD. "2021" means some time in 2021, not 1 January. `stale` counts from the start of the period.',
    }),
    stale: z.boolean().meta({ description: 'not verified for 12 months: call before going (see freshness)' }),
    status: z
      .enum(STATUSES)
      .meta({ description: 'published or needs-verification: the public API shows nothing else' }),
    locality: z.enum([...LEVELS, 'outside']),
    distanceKm: z.number().optional().meta({
      description: "Kilometres from the commune asked for to the entry's address, as the crow flies (rounded)",
    }),
    group: z
      .enum(GROUPS)
      .optional()
      .meta({
        description: `With a commune: in that commune, nearby (under ${NEARBY_KM} km), for a wider area, or national`,
      }),
    updatedAt: z.string(),
    version: z.number().int(),
  })
  .extend(TruthView.shape)
  .meta({ title: 'EntryView' });
export type EntryView = z.infer<typeof EntryView>;

/**
 * An entry for the read API; `near`: a commune was asked for, so the view says how near the entry
 * is; `officialDomains`: whose pages are cited as official sources.
 */
export function entryView(
  hit: Hit,
  lang: string,
  t: TFunction,
  { near = false, officialDomains = [] }: { near?: boolean; officialDomains?: readonly string[] } = {},
): EntryView {
  const e = hit.entry;
  const summary = localized(e.summary, lang)!;
  const note = localized(e.hours?.note, lang)?.text;
  return {
    id: e.id,
    name: e.name,
    ...(e.organization ? { organization: e.organization } : {}),
    kind: e.kind,
    themes: e.themes.map((id) => ({ id, label: t(`themes.${id}`) })),
    summary: { text: summary.text, lang: summary.fallback ? 'fr' : lang, fallback: summary.fallback },
    ...(e.address ? { address: e.address } : {}),
    area: e.area,
    phones: e.phones.map((p) => ({
      number: p.number,
      ...phoneLink(p.number),
      ...(p.label ? { label: localized(p.label, lang)!.text } : {}),
      ...(p.sms ? { sms: true } : {}),
    })),
    ...(e.email ? { email: e.email } : {}),
    ...(e.website ? { website: e.website } : {}),
    ...(e.hours
      ? {
          hours: {
            ...(e.hours.osm ? { osm: e.hours.osm } : {}),
            ...(note ? { note } : {}),
            open: hit.hours?.open ?? null,
            ...(hit.hours?.nextChange ? { nextChange: hit.hours.nextChange } : {}),
          },
        }
      : {}),
    ...(e.appointmentOnly !== undefined ? { appointmentOnly: e.appointmentOnly } : {}),
    languagesSpoken: e.languagesSpoken.map((code) => ({ code, name: languageName(code, lang) })),
    audiences: e.audiences,
    ...(e.free !== undefined ? { free: e.free } : {}),
    ...(e.caveat ? { caveat: localized(e.caveat, lang)!.text } : {}),
    ...(e.accessibility ? { accessibility: e.accessibility } : {}),
    reach: isReachedByPhone(e) ? 'phone' : 'place',
    verifiedAt: e.verifiedAt,
    stale: hit.stale,
    status: e.status,
    locality: hit.locality,
    ...(hit.distanceKm !== undefined ? { distanceKm: Math.round(hit.distanceKm) } : {}),
    ...(near ? { group: groupOf(hit) } : {}),
    updatedAt: e.updatedAt,
    version: e.version,
    ...truthView(hit, lang, officialDomains),
  };
}
