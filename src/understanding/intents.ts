import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Graph } from '../engine/graph.js';
import type { Locale } from '../common/locales.js';

/** Training phrases of one language (locales/<lng>/intents.json): node id → what people type for it. */
export const IntentPhrases = z.record(
  z.string().regex(/^[a-z0-9]+(?:[.-][a-z0-9]+)*$/),
  z.array(z.string().min(1).max(300)).min(1),
);
export type IntentPhrases = z.infer<typeof IntentPhrases>;

/** Reads and validates locales/<lng>/intents.json for each locale that has one. */
export function loadIntents(dir: string, locales: readonly Locale[]): Partial<Record<Locale, IntentPhrases>> {
  const intents: Partial<Record<Locale, IntentPhrases>> = {};
  for (const lng of locales) {
    const file = join(dir, lng, 'intents.json');
    if (!existsSync(file)) continue;
    const parsed = IntentPhrases.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) {
      const problems = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`);
      throw new Error(`locales: ${file} is invalid:\n  - ${problems.join('\n  - ')}`);
    }
    intents[lng] = parsed.data;
  }
  return intents;
}

/**
 * Phrases must name nodes that dialogs/intents.json describes (errors); every described intent
 * should have phrases in every language (warnings: that language cannot reach it by typing).
 */
export function checkIntents(
  graph: Graph,
  intents: Partial<Record<Locale, IntentPhrases>>,
): { errors: string[]; warnings: string[] } {
  const errors: string[] = [];
  const warnings: string[] = [];
  for (const [lng, phrases] of Object.entries(intents)) {
    for (const id of Object.keys(phrases)) {
      if (!graph.nodes.has(id)) errors.push(`${lng}/intents.json: "${id}" is not a node of the dialog trees`);
      else if (!graph.intents.has(id))
        errors.push(`${lng}/intents.json: "${id}" is not described in dialogs/intents.json`);
    }
    for (const id of graph.intents.keys())
      if (!phrases[id]?.length) warnings.push(`${lng}/intents.json: no phrase for "${id}"`);
  }
  return { errors, warnings };
}
