import type { Areas } from '../areas.js';
import { currentNotices } from '../rules.js';
import type { Entry, Site } from '../schema.js';

/** The stable HSDS id of a slug (hsds.ts: UUID v5 in Passerelle's namespace). */
type Id = (...parts: string[]) => string;

/**
 * HSDS `alert`: the notices in force at `at` (French text, with their dates), then the entry's
 * caveat. Expired and future notices are not exported.
 */
export function hsdsAlert(e: Entry, at: number): string | undefined {
  const notices = currentNotices(e, at).map((n) => `${n.text.fr} (${n.start} – ${n.end})`);
  const parts = [...notices, e.caveat?.fr].filter((p): p is string => !!p);
  return parts.length ? parts.join(' — ') : undefined;
}

function siteLocation(e: Entry, site: Site, i: number, areas: Areas, id: Id) {
  const a = site.address;
  return {
    id: id('location', e.id, 'site', String(i)),
    location_type: 'physical',
    name: site.name ?? `${e.name} – ${a.town}`,
    addresses: [
      {
        id: id('address', e.id, 'site', String(i)),
        address_1: a.street ?? a.town,
        city: a.town,
        state_province: a.inseeCode.startsWith(areas.departement.code) ? areas.departement.name : a.town,
        postal_code: a.postalCode ?? a.inseeCode,
        country: 'FR',
        address_type: 'physical',
      },
    ],
  };
}

/** One HSDS service_at_location per site, with its place and its days and hours as a schedule note. */
export function siteServiceAtLocations(e: Entry, serviceId: string, areas: Areas, id: Id) {
  return (e.sites ?? []).map((site, i) => {
    const location = siteLocation(e, site, i, areas, id);
    const description = [site.hours && `opening_hours: ${site.hours}`, site.days?.fr].filter(Boolean).join(' — ');
    const salId = id('service-at-location', e.id, 'site', String(i));
    return {
      id: salId,
      service_id: serviceId,
      location_id: location.id,
      ...(description
        ? { schedules: [{ id: id('schedule', e.id, 'site', String(i)), service_at_location_id: salId, description }] }
        : {}),
      location,
    };
  });
}
