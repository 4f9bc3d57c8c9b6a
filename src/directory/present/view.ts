import type { TFunction } from 'i18next';
import { languageName, localized, phoneLink } from './formatEntry.js';
import type { Hit } from '../search.js';
import type { Entry } from '../schema.js';

/** An entry as the read API shows it: texts in one language, phones ready to dial, freshness. */
export interface EntryView {
  id: string;
  name: string;
  organization?: string;
  kind: Entry['kind'];
  themes: { id: string; label: string }[];
  summary: { text: string; lang: string; fallback: boolean };
  address?: Entry['address'];
  area: Entry['area'];
  phones: { number: string; display: string; href: string; label?: string; sms?: boolean }[];
  email?: string;
  website?: string;
  hours?: { osm?: string; note?: string; open: boolean | 'unknown' | null; nextChange?: string };
  appointmentOnly?: boolean;
  languagesSpoken: { code: string; name: string }[];
  audiences: Entry['audiences'];
  free?: boolean;
  caveat?: string;
  accessibility?: string;
  sources: Entry['sources'];
  verifiedAt: string;
  stale: boolean;
  status: Entry['status'];
  locality: Hit['locality'];
  updatedAt: string;
  version: number;
}

export function entryView(hit: Hit, lang: string, t: TFunction): EntryView {
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
    sources: e.sources,
    verifiedAt: e.verifiedAt,
    stale: hit.stale,
    status: e.status,
    locality: hit.locality,
    updatedAt: e.updatedAt,
    version: e.version,
  };
}
