import type { Entry } from './schema.js';
import { STOP_WORDS } from './stopWords.js';
import { tokenMatches, tokens } from '../common/text.js';

/** Longest text taken for a name: beyond it people are writing a sentence, not naming a service. */
const MAX_WORDS = 5;

/**
 * Whether typed text names an entry: every word of it (articles aside, typos tolerated) is a word of
 * the entry's name or organisation, and one at least is a real word ("cimade", "restos du coeur").
 * Text that only matches a summary ("bonjour", "j'ai faim") is no name.
 */
export function namesEntry(text: string, entry: Pick<Entry, 'name' | 'organization'>): boolean {
  const typed = tokens(text).filter((w) => !STOP_WORDS.has(w));
  if (!typed.length || typed.length > MAX_WORDS || !typed.some((w) => w.length >= 4)) return false;
  const name = tokens(`${entry.name} ${entry.organization ?? ''}`);
  return typed.every((w) => name.some((n) => tokenMatches(w, n)));
}
