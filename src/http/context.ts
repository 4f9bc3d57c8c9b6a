import type { Activity } from 'botbuilder';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Areas } from '../directory/areas.js';
import type { DirectoryStore } from '../directory/store.js';
import type { DirectoryIndex } from '../directory/search.js';
import type { Graph } from '../engine/graph.js';
import type { Catalog } from '../i18n/catalog.js';
import type { BodyLimit } from './bodyParser.js';

/** What HTTP route modules may use; built once in app.ts and passed to each `registerX`. */
export interface HttpContext {
  config: Config;
  logger: Logger;
  catalog: Catalog;
  graph: Graph;
  areas: Areas;
  directory: DirectoryStore;
  /** A larger body limit for one route's allowed requests (the global one is MAX_BODY_BYTES). */
  bodyLimit: BodyLimit;
  /** The search index of the current directory (rebuilt after every write). */
  index(): DirectoryIndex;
  /** Runs one bot turn for a channel hosted here and returns the replies (expectReplies). */
  converse(activity: Partial<Activity>): Promise<Partial<Activity>[]>;
  /** Functions to run on shutdown (timers, sockets). */
  onClose(fn: () => void | Promise<void>): void;
}
