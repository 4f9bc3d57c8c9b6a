import { distanceKm, type Position } from './positions.js';
import type { Entry } from './schema.js';

/** Ranking weight of an address at distance 0 (as much as serving the user's commune), lost at NEAR_KM_PER_POINT km a point. */
const NEAR_MAX = 40;
const NEAR_KM_PER_POINT = 2.5;

/**
 * Where each entry is, for "nearest first": the commune of its address (INSEE code), numbered
 * among the placed communes. Distances are computed once per user commune and kept (a département
 * has a few hundred communes), so a query reads one number per entry.
 */
export class EntryPlaces {
  /** Entry i's address commune, as an index in `places`, or -1 when it has no placed address. */
  private readonly communeOf: Int32Array;
  private readonly places: Position[] = [];
  private readonly codes = new Map<string, number>();
  /** Per user commune: distance (km) to each place, and the ranking weight of that distance. */
  private readonly fromCommune = new Map<string, { km: Float64Array; weight: Float64Array }>();
  /** Per filed list of entries: the distinct places of its entries (see `bestWeight`). */
  private readonly listPlaces = new WeakMap<readonly number[], Int32Array>();

  constructor(
    entries: readonly Entry[],
    private readonly positions: ReadonlyMap<string, Position>,
  ) {
    this.communeOf = Int32Array.from(entries, (e) => {
      const code = e.address?.inseeCode;
      const position = code === undefined ? undefined : positions.get(code);
      if (code === undefined || !position) return -1;
      let id = this.codes.get(code);
      if (id === undefined) this.codes.set(code, (id = this.places.push(position) - 1));
      return id;
    });
  }

  /** Distances and weights from a user's commune, or undefined when it has no position. */
  from(commune: string | undefined): { km: Float64Array; weight: Float64Array } | undefined {
    if (commune === undefined) return undefined;
    let found = this.fromCommune.get(commune);
    const origin = this.positions.get(commune);
    if (!found && origin) {
      const km = Float64Array.from(this.places, (p) => distanceKm(origin, p));
      const weight = km.map((d) => Math.max(0, NEAR_MAX - d / NEAR_KM_PER_POINT));
      this.fromCommune.set(commune, (found = { km, weight }));
    }
    return found;
  }

  /** Entry i's place, as an index in the arrays `from` gives, or -1. */
  place(i: number): number {
    return this.communeOf[i];
  }

  /** The highest distance weight of the entries of a list, for a user's weights. */
  bestWeight(list: readonly number[], weight: Float64Array): number {
    let ids = this.listPlaces.get(list);
    if (!ids) {
      ids = Int32Array.from(new Set(Array.from(list, (i) => this.communeOf[i]).filter((c) => c >= 0)));
      this.listPlaces.set(list, ids);
    }
    let best = 0;
    for (let k = 0; k < ids.length; k++) best = Math.max(best, weight[ids[k]]);
    return best;
  }
}
