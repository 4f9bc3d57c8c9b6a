import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { THEMES } from './directory/schema.js';
import { buildGraph, parseTrees, type Graph } from './engine/graph.js';
import { loadCatalog, type Catalog } from './i18n/catalog.js';
import { checkContent } from './i18n/checkContent.js';
import type { Logger } from './shared/logger.js';
import type { Locale } from './shared/locales.js';
import { loadLexicons, type Lexicon } from './understanding/lexicon.js';

export interface Content {
  graph: Graph;
  catalog: Catalog;
  lexicons: Partial<Record<Locale, Lexicon>>;
}

/** Reads every dialogs/*.json of `dir`, sorted by name, for the engine to check. */
export function loadTrees(dir: string) {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  return parseTrees(files.map((file) => ({ file, text: readFileSync(join(dir, file), 'utf8') })));
}

/**
 * Loads and checks the content (trees, texts, lexicons): a broken graph or catalog refuses to start.
 * Texts come from `localesDir` (default `<root>/locales`).
 */
export function loadContent(root: string, logger?: Logger, localesDir = join(root, 'locales')): Content {
  const graph = buildGraph(loadTrees(join(root, 'dialogs')));
  const catalog = loadCatalog(localesDir);
  const lexicons = loadLexicons(localesDir, catalog.locales);
  const { errors, warnings } = checkContent(graph, catalog, THEMES);
  if (errors.length) throw new Error(`content is invalid:\n  - ${errors.join('\n  - ')}`);
  if (warnings.length)
    logger?.warn(
      { count: warnings.length, first: warnings.slice(0, 5) },
      'some translations are missing; French is shown instead',
    );
  return { graph, catalog, lexicons };
}
