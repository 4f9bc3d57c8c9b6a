import type { TFunction } from 'i18next';
import type { DirectoryIndex, Hit } from '../directory/search.js';
import type { Entry } from '../directory/schema.js';
import type { Style } from '../directory/present/formatEntry.js';
import type { Output, Profile } from '../engine/step.js';

/** What the renderer reads besides the engine's outputs: the user's language, the directory, the channel. */
export interface RenderContext {
  t: TFunction;
  /** Another language's texts, for an offer to switch to it. */
  tFor: (locale: string) => TFunction;
  style: Style;
  profile: Profile;
  channelId: string;
  index: DirectoryIndex;
  /** Entries with the emergency.general theme, in curated order. */
  emergency: readonly Entry[];
  /** The page of a menu's chips to show (a "more" chip asks for the next); 0 by default. */
  page?: number;
  /** The app's clock (config.now): freshness, notices and opening hours are read at its time. */
  now?: () => number;
  /** The State's and public bodies' domains: only their pages are cited as "official source". */
  officialDomains?: readonly string[];
  /** Public base URL for links in buttons (the report page); relative links when unknown. */
  publicUrl?: string;
  /** Today (YYYY-MM-DD) by the bot's clock: renewal windows are counted from it. */
  today?: string;
  /** The node naming the need of contacts shown after entering these nodes (the counter card). */
  needOf?: (entered: string[]) => string | undefined;
  /** When given, each directory search of the turn adds its hits here (the insights count them). */
  shown?: Shown[];
}

/** The hits shown for a `resources` or `search` output; `fallback`: the help shown when it found none. */
export interface Shown {
  output: Output;
  hits: readonly Hit[];
  fallback?: boolean;
}
