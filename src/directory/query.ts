import type { Level } from './entryFacts.js';
import type { HoursStatus } from './hours.js';
import type { Entry } from './schema.js';

/** What a directory search asks for: the read API, the bot and the admin all speak it. */
export interface Query {
  q?: string;
  /** Themes or theme prefixes ("housing" matches "housing.emergency-shelter"). */
  themes?: string[];
  /** INSEE code of the user's commune; "elsewhere" keeps national entries only. */
  commune?: string;
  /** The user's language: entries speaking it rank higher; `languages` filters on it. */
  lang?: string;
  languages?: string[];
  audience?: string;
  openNow?: boolean;
  limit?: number;
  /** Hits to skip, for paging. */
  offset?: number;
  /** Drafts and archived entries are only for admins. */
  includeUnpublished?: boolean;
  at?: Date;
}

export type Locality = Level | 'outside';

export interface Hit {
  entry: Entry;
  locality: Locality;
  /** Kilometres from the user's commune to the entry's address, as the crow flies, when both are placed. */
  distanceKm?: number;
  hours?: HoursStatus;
  stale: boolean;
  score: number;
}
