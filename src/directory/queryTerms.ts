import { normalize } from '../common/text.js';
import { STOP_WORDS } from './stopWords.js';

/** The words of a query that are searched: normalised as the index's words, stop words left out. */
export function queryTerms(q: string): string[] {
  return normalize(q)
    .split(' ')
    .filter((t) => t && !STOP_WORDS.has(t));
}

/** Whether a stage keeps the entries that matched every query word or any of them. */
export type Combine = 'and' | 'or';
/** How one query word is looked up: as a prefix, with how many typos. */
export interface WordRule {
  prefix(term: string, i: number, terms: string[]): boolean;
  typos(term: string): number;
}

const typos = (term: string) => (term.length >= 8 ? 2 : term.length >= 4 ? 1 : 0);
/**
 * Cheapest first: exact words (the last one as a prefix, as people type), then typo-tolerant, then
 * any word. Typo matching walks the whole vocabulary; most queries never need it.
 */
export const STAGES: [Combine, WordRule][] = [
  ['and', { prefix: (t, i, terms) => i === terms.length - 1 && t.length >= 3, typos: () => 0 }],
  ['and', { prefix: (t) => t.length >= 3, typos }],
  ['or', { prefix: (t) => t.length >= 4, typos }],
];
