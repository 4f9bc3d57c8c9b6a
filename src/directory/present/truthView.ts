import { z } from 'zod';
import { attestations } from '../attestation.js';
import type { Hit } from '../query.js';
import { FRESHNESS } from '../rules.js';
import { Address, NOTICE_KINDS, Source, VERIFICATION_METHODS } from '../schema.js';
import { isOfficialSource, sourceSite } from '../sourceKind.js';
import { localized } from './formatEntry.js';

const Text = z.object({
  text: z.string(),
  fallback: z.boolean().meta({ description: 'true when shown in French because no translation exists' }),
});

/** What the read API adds to an entry to keep it honest: freshness, notices, sites, which source says what. */
export const TruthView = z.object({
  freshness: z.enum(FRESHNESS).meta({
    description:
      'fresh (< 6 months), dated (6–12), call-first (> 12: call before going), very-old (> 24: very old information)',
  }),
  notices: z.array(
    z.object({ kind: z.enum(NOTICE_KINDS), start: z.string(), end: z.string(), text: Text }).meta({
      description: 'Dated notices in force today (closure, move, holiday hours, information)',
    }),
  ),
  sites: z.array(
    z.object({
      name: z.string().optional(),
      address: Address,
      hours: z.string().optional().meta({ description: 'OpenStreetMap opening_hours' }),
      open: z.union([z.boolean(), z.literal('unknown'), z.null()]),
      nextChange: z.string().optional(),
      days: Text.optional(),
      appointmentOnly: z.boolean().optional(),
      nearest: z.boolean().meta({ description: 'the site nearest the commune asked for (the first one)' }),
    }),
  ),
  sources: z.array(
    // The notes on what each source shows are evidence for editors, never published.
    Source.omit({ attests: true }).extend({
      official: z.boolean().meta({ description: "a page of the State's or a public body's domains" }),
      site: z.string().meta({ description: 'the web site the page is on' }),
    }),
  ),
  lastVerification: z
    .object({ method: z.enum(VERIFICATION_METHODS), date: z.string() })
    .optional()
    .meta({ description: 'The latest verification with evidence (method "service": confirmed by the service itself)' }),
  attestedBy: z
    .object({
      phones: z.array(z.number().int().nullable()),
      email: z.number().int().optional(),
      address: z.number().int().optional(),
      website: z.number().int().optional(),
      hours: z.number().int().optional(),
    })
    .meta({ description: 'For each contact fact, the index in `sources` of the source that quotes it' }),
});
export type TruthView = z.infer<typeof TruthView>;

const text = (value: Record<string, string | undefined> | undefined, lang: string) => {
  const l = localized(value, lang);
  return l && { text: l.text, fallback: l.fallback };
};

export function truthView(hit: Hit, lang: string, officialDomains: readonly string[]): TruthView {
  const e = hit.entry;
  const attested = attestations(e);
  const last = e.verifications?.at(-1);
  return {
    freshness: hit.freshness ?? (hit.stale ? 'call-first' : 'fresh'),
    notices: (hit.notices ?? []).map((n) => ({ kind: n.kind, start: n.start, end: n.end, text: text(n.text, lang)! })),
    sites: (hit.sites ?? []).map((s, i) => ({
      ...(s.site.name ? { name: s.site.name } : {}),
      address: s.site.address,
      ...(s.site.hours ? { hours: s.site.hours } : {}),
      open: s.hours?.open ?? null,
      ...(s.hours?.nextChange ? { nextChange: s.hours.nextChange } : {}),
      ...(s.site.days ? { days: text(s.site.days, lang) } : {}),
      ...(s.site.appointmentOnly !== undefined ? { appointmentOnly: s.site.appointmentOnly } : {}),
      nearest: i === 0,
    })),
    sources: e.sources.map(({ url, title, date }) => ({
      url,
      title,
      date,
      official: isOfficialSource(url, officialDomains),
      site: sourceSite(url),
    })),
    ...(last ? { lastVerification: { method: last.method, date: last.date } } : {}),
    attestedBy: { ...attested, phones: attested.phones.map((p) => p ?? null) },
  };
}
