import type { Level } from './entryFacts.js';
import type { HoursStatus } from './hours.js';
import type { Freshness } from './rules.js';
import type { Entry, Notice } from './schema.js';
import type { SiteHit } from './sites.js';

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
  /** Over twelve months old (freshness call-first or very-old). */
  stale: boolean;
  /** The one freshness rule's level at the query's time (the index always sets it; `stale` says enough otherwise). */
  freshness?: Freshness;
  /** Notices in force at the query's time. */
  notices?: Notice[];
  /** The entry's sites, nearest the query's commune first. */
  sites?: SiteHit[];
  score: number;
}
