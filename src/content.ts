import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { THEMES } from './directory/schema.js';
import { buildGraph, GraphError, parseTrees, type Graph } from './engine/graph.js';
import { IntentFile } from './engine/schema.js';
import { loadCatalog, type Catalog } from './i18n/catalog.js';
import { checkContent } from './i18n/checkContent.js';
import type { Logger } from './common/logger.js';
import type { Locale } from './common/locales.js';
import { checkIntents, loadIntents, type IntentPhrases } from './understanding/intents.js';
import { loadLexicons, type Lexicon } from './understanding/lexicon.js';

export interface Content {
  graph: Graph;
  catalog: Catalog;
  lexicons: Partial<Record<Locale, Lexicon>>;
  /** Training phrases per language: node id → what people type. */
  intents: Partial<Record<Locale, IntentPhrases>>;
}

/** What typed needs imply (slots, questions first), next to the trees: not a tree itself. */
export const INTENTS_FILE = 'intents.json';

/** Reads every dialogs/*.json of `dir` but the intents file, sorted by name, for the engine to check. */
export function loadTrees(dir: string) {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== INTENTS_FILE)
    .sort();
  return parseTrees(files.map((file) => ({ file, text: readFileSync(join(dir, file), 'utf8') })));
}

/** Reads and schema-checks dialogs/intents.json (none: typed needs imply nothing). */
export function loadIntentRules(dir: string): IntentFile {
  const file = join(dir, INTENTS_FILE);
  if (!existsSync(file)) return { prerequisites: [], intents: {} };
  const parsed = IntentFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new GraphError(parsed.error.issues.map((i) => `${INTENTS_FILE}: ${i.path.join('.')}: ${i.message}`));
  return parsed.data;
}

/**
 * Loads and checks the content (trees, texts, lexicons, intents): a broken graph or catalog refuses
 * to start. Texts come from `localesDir` (default `<root>/locales`).
 */
export function loadContent(root: string, logger?: Logger, localesDir = join(root, 'locales')): Content {
  const dialogs = join(root, 'dialogs');
  const graph = buildGraph(loadTrees(dialogs), loadIntentRules(dialogs));
  const catalog = loadCatalog(localesDir);
  const lexicons = loadLexicons(localesDir, catalog.locales);
  const intents = loadIntents(localesDir, catalog.locales);
  const content = checkContent(graph, catalog, THEMES);
  const phrases = checkIntents(graph, intents);
  const errors = [...content.errors, ...phrases.errors];
  const warnings = [...content.warnings, ...phrases.warnings];
  if (errors.length) throw new Error(`content is invalid:\n  - ${errors.join('\n  - ')}`);
  if (warnings.length)
    logger?.warn(
      { count: warnings.length, first: warnings.slice(0, 5) },
      'some translations or phrases are missing; French is shown instead, or the need is not understood',
    );
  return { graph, catalog, lexicons, intents };
}
