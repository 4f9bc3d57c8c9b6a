import { createRequire } from 'node:module';
import { normalize, tokenMatches } from '../common/text.js';
import { loadPositions, type Position } from './positions.js';

const require = createRequire(import.meta.url);

interface RawCommune {
  code: string;
  nom: string;
  type: string;
  departement?: string;
  arrondissement?: string;
  region?: string;
  chefLieu?: string;
  codesPostaux?: string[];
  population?: number;
}

export interface Commune {
  code: string;
  name: string;
  departement: string;
  arrondissement: string;
  region: string;
  postalCodes: string[];
  population: number;
}

/** Administrative levels of a commune, nearest first: what an entry's `area` is matched against. */
export interface Place {
  commune?: string;
  arrondissement?: string;
  departement?: string;
  region?: string;
}

export interface Areas {
  /** The département served: INSEE code and name ("05", "Hautes-Alpes"). */
  departement: { code: string; name: string };
  /** Current communes of the département, by INSEE code. */
  communes: ReadonlyMap<string, Commune>;
  arrondissements: { code: string; name: string }[];
  /** A commune of the département from a typed name (accents, case, "st", typos) or postal code. */
  findCommune(text: string): Commune | null;
  /** A commune elsewhere in France, by exact name: the user is then "elsewhere". */
  findElsewhere(text: string): string | null;
  place(code: string | undefined): Place;
  /** Where each commune is (see positions.ts): what "nearest first" measures distances with. */
  positions: ReadonlyMap<string, Position>;
}

const SAINT = /\b(st|ste)\b/g;

function key(name: string): string {
  return normalize(name).replace(SAINT, (m) => (m === 'st' ? 'saint' : 'sainte'));
}

/** The département's current communes, by INSEE code. */
function communesOf(current: readonly RawCommune[], departement: string): Map<string, Commune> {
  const communes = new Map<string, Commune>();
  for (const c of current.filter((c) => c.departement === departement)) {
    communes.set(c.code, {
      code: c.code,
      name: c.nom,
      departement: departement,
      arrondissement: c.arrondissement ?? '',
      region: c.region ?? '',
      postalCodes: c.codesPostaux ?? [],
      population: c.population ?? 0,
    });
  }
  return communes;
}

/** Names → commune, former (delegated, associated) communes included: people still use them. */
function byNameOf(
  all: readonly RawCommune[],
  communes: Map<string, Commune>,
  departement: string,
): Map<string, Commune> {
  const byName = new Map<string, Commune>();
  for (const c of communes.values()) byName.set(key(c.name), c);
  for (const c of all.filter((c) => c.type !== 'commune-actuelle' && c.departement === departement)) {
    const parent = communes.get(c.chefLieu ?? '');
    if (parent && !byName.has(key(c.nom))) byName.set(key(c.nom), parent);
  }
  return byName;
}

function byPostalCodeOf(communes: Map<string, Commune>): Map<string, Commune> {
  const byPostalCode = new Map<string, Commune>();
  for (const c of [...communes.values()].sort((a, b) => a.population - b.population)) {
    for (const p of c.postalCodes) byPostalCode.set(p, c); // the most populous wins
  }
  return byPostalCode;
}

/** Loads communes and arrondissements from @etalab/decoupage-administratif for one département. */
export function loadAreas(departement: string): Areas {
  const departements: {
    code: string;
    nom: string;
    region: string;
  }[] = require('@etalab/decoupage-administratif/data/departements.json');
  const own = departements.find((d) => d.code === departement);
  if (!own) throw new Error(`areas: no département has the code "${departement}"`);
  const all: RawCommune[] = require('@etalab/decoupage-administratif/data/communes.json');
  const arrondissements: {
    code: string;
    nom: string;
    departement: string;
  }[] = require('@etalab/decoupage-administratif/data/arrondissements.json');
  const current = all.filter((c) => c.type === 'commune-actuelle');
  const communes = communesOf(current, departement);
  const byName = byNameOf(all, communes, departement);
  const byPostalCode = byPostalCodeOf(communes);
  const elsewhere = new Map(current.filter((c) => c.departement !== departement).map((c) => [key(c.nom), c.nom]));
  const names = [...byName.keys()];
  const epcis: { membres: { code: string }[] }[] = require('@etalab/decoupage-administratif/data/epci.json');
  const groups = epcis.map((e) => ({ members: e.membres.map((m) => m.code) }));
  const positions = loadPositions(own.region, departement, communes.keys(), groups);

  return {
    departement: { code: own.code, name: own.nom },
    communes,
    arrondissements: arrondissements
      .filter((a) => a.departement === departement)
      .map((a) => ({ code: a.code, name: a.nom })),
    findCommune(text) {
      const postal = /\b(\d{5})\b/.exec(normalize(text));
      if (postal) return byPostalCode.get(postal[1]) ?? communes.get(postal[1]) ?? null;
      const k = key(text);
      if (!k || k.length < 2) return null;
      const exact = byName.get(k);
      if (exact) return exact;
      // "Saint-Bonnet" for Saint-Bonnet-en-Champsaur, "Briancon" misspelt "Brianson": only when unique.
      const prefixed = k.length >= 4 ? names.filter((n) => n.startsWith(`${k} `)) : [];
      if (prefixed.length === 1) return byName.get(prefixed[0])!;
      const close = names.filter((n) => Math.abs(n.length - k.length) <= 2 && tokenMatches(k, n));
      return close.length === 1 ? byName.get(close[0])! : null;
    },
    findElsewhere(text) {
      return elsewhere.get(key(text)) ?? null;
    },
    positions,
    place(code) {
      const c = code ? communes.get(code) : undefined;
      if (!c) return {};
      return { commune: c.code, arrondissement: c.arrondissement, departement: c.departement, region: c.region };
    },
  };
}
