import { v5 as uuidv5 } from 'uuid';
import type { Areas } from '../areas.js';
import type { Entry } from '../schema.js';
import { hsdsAlert, siteServiceAtLocations } from './hsdsSites.js';

/** Namespace of Passerelle's HSDS ids: UUID v5 of a slug is stable across exports. */
export const HSDS_NAMESPACE = 'a7d0c3a2-4f7e-5b1e-9c55-2f1f3b8e6d10';

const id = (...parts: string[]) => uuidv5(parts.join('/'), HSDS_NAMESPACE);

const STATUS: Record<Entry['status'], string> = {
  published: 'active',
  'needs-verification': 'active',
  draft: 'inactive',
  archived: 'defunct',
};

function areaName(entry: Entry, areas: Areas): string {
  const { level, codes } = entry.area;
  if (level === 'national') return 'France';
  if (level === 'commune') return codes.map((c) => areas.communes.get(c)?.name ?? c).join(', ');
  if (level === 'arrondissement')
    return codes
      .map((c) => `Arrondissement de ${areas.arrondissements.find((a) => a.code === c)?.name ?? c}`)
      .join(', ');
  return codes.map((c) => (level === 'departement' ? `Département ${c}` : `Région ${c}`)).join(', ');
}

/**
 * HSDS `assured_date` is a full date (datapackage type "date"), but `verifiedAt` may be "2021" or
 * "2021-01" when the source is dated only by year or month. We export the start of the period
 * ("2021-01-01") rather than omit the field: an older date than the truth makes consumers treat the
 * entry as staler, never fresher (the same safe side as our own staleness check), while no date at
 * all would hide how old the facts are. So that the start of the period is not taken for a real day,
 * such an entry also gets a metadata record whose `replacement_value` is the date as the source gives it.
 */
export function assuredDate(verifiedAt: string): { date: string; precision?: 'year' | 'month' } {
  const [year, month, day] = verifiedAt.split('-');
  if (day) return { date: verifiedAt };
  return month ? { date: `${year}-${month}-01`, precision: 'month' } : { date: `${year}-01-01`, precision: 'year' };
}

/**
 * One directory entry as an Open Referral HSDS 3.0.1 service (with its organization, phones,
 * languages, service area, schedule note and location). Facts only: nothing is added that the
 * entry does not hold; its sources and verification date travel in `assured_date` and metadata.
 */
export function toHsdsService(e: Entry, areas: Areas, at: number = Date.now()): Record<string, unknown> {
  const serviceId = id('service', e.id);
  const assured = assuredDate(e.verifiedAt);
  const organization = organizationOf(e);
  const location = locationOf(e, areas);
  const alert = hsdsAlert(e, at);
  const atLocations = [
    ...(location
      ? [{ id: id('service-at-location', e.id), service_id: serviceId, location_id: location.id, location }]
      : []),
    ...siteServiceAtLocations(e, serviceId, areas, id),
  ];
  return {
    id: serviceId,
    organization_id: organization.id,
    name: e.name,
    description: e.summary.fr,
    status: STATUS[e.status],
    ...(e.website ? { url: e.website } : {}),
    ...(e.email ? { email: e.email } : {}),
    ...(e.free ? { fees_description: 'Gratuit' } : {}),
    ...(alert ? { alert } : {}),
    assured_date: assured.date,
    last_modified: new Date(e.updatedAt).toISOString(),
    organization,
    phones: phonesOf(e, serviceId),
    languages: e.languagesSpoken.map((code) => ({ id: id('language', e.id, code), service_id: serviceId, code })),
    service_areas: serviceAreasOf(e, areas, serviceId),
    schedules: schedulesOf(e, serviceId),
    attributes: attributesOf(e, serviceId),
    metadata: metadataOf(e, serviceId, assured),
    ...(atLocations.length ? { service_at_locations: atLocations } : {}),
  };
}

/** The organization behind the service: the entry's own name when it names none. */
function organizationOf(e: Entry) {
  const orgName = e.organization ?? e.name;
  return {
    id: id('organization', orgName),
    name: orgName,
    description: e.summary.fr,
    ...(e.website ? { website: e.website } : {}),
    ...(e.email ? { email: e.email } : {}),
  };
}

function phonesOf(e: Entry, serviceId: string) {
  return e.phones.map((p, i) => ({
    id: id('phone', e.id, String(i)),
    service_id: serviceId,
    number: p.number,
    ...(p.label ? { description: p.label.fr } : {}),
    type: p.sms ? 'text' : 'voice',
  }));
}

function serviceAreasOf(e: Entry, areas: Areas, serviceId: string) {
  return [
    {
      id: id('area', e.id),
      service_id: serviceId,
      name: areaName(e, areas),
      description: `${e.area.level}: ${e.area.codes.join(', ') || 'FR'}`,
    },
  ].map(stripUndefined);
}

/** Opening hours travel as a note: the OSM value as written, then the entry's own note. */
function schedulesOf(e: Entry, serviceId: string) {
  return e.hours
    ? [
        stripUndefined({
          id: id('schedule', e.id),
          service_id: serviceId,
          description: [e.hours.osm && `opening_hours: ${e.hours.osm}`, e.hours.note?.fr].filter(Boolean).join(' — '),
        }),
      ]
    : [];
}

/** Each theme as an attribute of the service, with its taxonomy term. */
function attributesOf(e: Entry, serviceId: string) {
  return e.themes.map((t) => ({
    id: id('attribute', e.id, t),
    link_id: serviceId,
    link_type: 'service',
    link_entity: 'service',
    taxonomy_term_id: id('taxonomy', t),
    value: t,
    taxonomy_term: { id: id('taxonomy', t), code: t, name: t, description: `Passerelle theme ${t}` },
  }));
}

/** One record per source, and one saying what a year- or month-only `assured_date` stands for. */
function metadataOf(e: Entry, serviceId: string, assured: ReturnType<typeof assuredDate>) {
  const record = (suffix: string, type: string, field: string, value: string) => ({
    id: id('metadata', e.id, suffix),
    resource_id: serviceId,
    resource_type: 'service',
    last_action_date: new Date(e.updatedAt).toISOString(),
    last_action_type: type,
    field_name: field,
    previous_value: '',
    replacement_value: value,
    updated_by: e.verifiedBy,
  });
  return [
    // What each source shows (`attests`) is evidence for editors, not a fact to publish: only where it is.
    ...e.sources.map((s, i) => record(String(i), 'source', 'sources', `${s.title} (${s.date}) ${s.url}`)),
    ...(assured.precision
      ? [
          record(
            'assured_date',
            'verify',
            'assured_date',
            `${e.verifiedAt} (dated to the ${assured.precision} only: assured_date ${assured.date} is the start of that ${assured.precision})`,
          ),
        ]
      : []),
  ];
}

/** A physical location, only when the entry has a street address and a postal code. */
function locationOf(e: Entry, areas: Areas) {
  if (!e.address?.street || !e.address.postalCode) return undefined;
  return {
    id: id('location', e.id),
    location_type: 'physical',
    name: e.name,
    addresses: [
      {
        id: id('address', e.id),
        address_1: e.address.street,
        city: e.address.town,
        state_province: e.address.inseeCode?.startsWith(areas.departement.code)
          ? areas.departement.name
          : e.address.town,
        postal_code: e.address.postalCode,
        country: 'FR',
        address_type: 'physical',
      },
    ],
  };
}

function stripUndefined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
