import type { Areas } from './areas.js';
import { hoursStatus, parseHours, type HoursStatus } from './hours.js';
import type { Entry, Site } from './schema.js';

/** A site of a hit, with its opening status (computed when read) and how near the user's town it is. */
export interface SiteHit {
  site: Site;
  /** 0: in the user's commune; 1: same arrondissement; 2: elsewhere or no known town. */
  distance: number;
  hours?: HoursStatus;
}

/**
 * The communes (INSEE codes) where an entry is held: its address's and each site's, without
 * repeats. Ranking by distance reads this, so an entry counts as near wherever one of its places is.
 */
export function entryCommunes(entry: Pick<Entry, 'address' | 'sites'>): string[] {
  const codes = [entry.address?.inseeCode, ...(entry.sites ?? []).map((s) => s.address.inseeCode)];
  return [...new Set(codes.filter((c): c is string => !!c))];
}

/** Sites share opening-hours values and hits are read again and again: each value is parsed once. */
const parsed = new Map<string, ReturnType<typeof parseHours>>();
function parsedHours(osm: string) {
  let oh = parsed.get(osm);
  if (!oh) {
    if (parsed.size >= 1000) parsed.clear();
    parsed.set(osm, (oh = parseHours(osm)));
  }
  return oh;
}

/** How near a commune is to the user's: same commune, same arrondissement, or further / unknown. */
function distanceOf(code: string, place: ReturnType<Areas['place']>, areas: Areas): number {
  if (!place.commune) return 2;
  if (code === place.commune) return 0;
  return areas.communes.get(code)?.arrondissement === place.arrondissement ? 1 : 2;
}

/**
 * An entry's sites, nearest the user's commune first (file order among equals), each with its
 * opening status at `at` when it has opening hours. No commune: file order.
 */
export function sitesNearest(entry: Pick<Entry, 'sites'>, commune: string | undefined, areas: Areas, at: Date) {
  if (!entry.sites?.length) return [];
  const place = areas.place(commune);
  return entry.sites
    .map((site, i) => ({ site, i, distance: distanceOf(site.address.inseeCode, place, areas) }))
    .sort((a, b) => a.distance - b.distance || a.i - b.i)
    .map(({ site, distance }): SiteHit => {
      const hit: SiteHit = { site, distance };
      if (!site.hours) return hit;
      let status: HoursStatus | undefined;
      const osm = site.hours;
      return Object.defineProperty(hit, 'hours', {
        enumerable: true,
        get: () => (status ??= hoursStatus(parsedHours(osm), at)),
      });
    });
}
