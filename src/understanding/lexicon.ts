import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { COMMANDS } from '../engine/interpreter.js';
import type { Locale } from '../common/locales.js';
import { describeIssues } from '../common/zodIssues.js';

const words = z.array(z.string().min(1).max(200));

/** Matching data for one language (locales/<lng>/lexicon.json): not shown to users. */
export const Lexicon = z.strictObject({
  commands: z.partialRecord(z.enum(COMMANDS), words),
  /** Bare theme words → tree name ("housing": ["logement", …]): a word or two opens the theme's first question. */
  needs: z.record(z.string(), words),
  yes: words.optional(),
  no: words.optional(),
  /** Words that negate ("pas", "not", "نه"): "non j'ai rien" answers no; "pas une urgence" is no emergency. */
  negation: words.optional(),
  /** Things people say that are not needs (greetings, thanks, dates): the classifier learns to leave them. */
  ordinary: words.optional(),
  /** Choice label key → other ways of saying it. */
  synonyms: z.record(z.string(), words).optional(),
  /** Ordinal words by position ("premier", "second"); index 0 is the first. */
  ordinals: z.array(words).optional(),
  /** Town names as written in this language's script, by INSEE code ("05061": ["غاب"]). */
  places: z.record(z.string().regex(/^\d[\dAB]\d{3}$/), words).optional(),
});
export type Lexicon = z.infer<typeof Lexicon>;

/** Reads and validates locales/<lng>/lexicon.json for each locale that has one. */
export function loadLexicons(dir: string, locales: readonly Locale[]): Partial<Record<Locale, Lexicon>> {
  const lexicons: Partial<Record<Locale, Lexicon>> = {};
  for (const lng of locales) {
    const file = join(dir, lng, 'lexicon.json');
    if (!existsSync(file)) continue;
    const parsed = Lexicon.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) {
      throw new Error(`locales: ${file} is invalid: ${describeIssues(parsed.error)}`);
    }
    lexicons[lng] = parsed.data;
  }
  return lexicons;
}
