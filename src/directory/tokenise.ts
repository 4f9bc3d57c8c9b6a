import SearchableMap from 'minisearch/SearchableMap';
import { normalize } from '../common/text.js';
import { IntList } from './intList.js';
import { STOP_WORDS } from './stopWords.js';
import { FIELDS, type TextFields } from './textFields.js';

/** Module-local, as the loops below read it for every word. */
const FIELD_COUNT = FIELDS.length;

/** Every entry's indexed words, and what BM25 needs to know of them. */
export interface Tokens {
  vocabulary: SearchableMap<number>;
  /** Word ids of every entry's fields, one after the other; stop words left out. */
  stream: Int32Array;
  /** Where each entry's field ends in `stream` (slot d * FIELD_COUNT + f). */
  fieldEnds: Int32Array;
  /** Distinct words of each entry's field, stop words included, as MiniSearch counted them. */
  lengths: Int32Array;
  /** How many entries each word occurs in, overall and per field (word * FIELD_COUNT + f). */
  entriesWithWord: number[];
  entriesWithInField: number[];
}

/**
 * Reads every entry once. Entries repeat words (summaries, town names), so each distinct
 * space-separated piece is normalised once; normalising piece by piece gives the words of
 * normalising the whole text, since a space always separates words.
 */
export function tokenise(docs: readonly TextFields[]): Tokens {
  const vocabulary = new SearchableMap<number>();
  const ids = new Map<string, number>(); // every word, stop words included: they count in field lengths
  const isIndexed: boolean[] = [];
  const lastSlot: number[] = [];
  const lastDoc: number[] = [];
  const entriesWithWord: number[] = [];
  const entriesWithInField: number[] = [];
  const pieces = new Map<string, number[]>();
  const wordIds = (piece: string) => {
    let found = pieces.get(piece);
    if (!found) {
      found = [];
      for (const word of normalize(piece).split(' ')) {
        if (!word) continue;
        let id = ids.get(word);
        if (id === undefined) {
          ids.set(word, (id = ids.size));
          isIndexed.push(!STOP_WORDS.has(word));
          lastSlot.push(-1);
          lastDoc.push(-1);
          entriesWithWord.push(0);
          for (let f = 0; f < FIELD_COUNT; f++) entriesWithInField.push(0);
          if (isIndexed[id]) vocabulary.set(word, id);
        }
        found.push(id);
      }
      pieces.set(piece, found);
    }
    return found;
  };
  const stream = new IntList(docs.length * 64);
  const fieldEnds = new Int32Array(docs.length * FIELD_COUNT);
  const lengths = new Int32Array(docs.length * FIELD_COUNT);
  docs.forEach((doc, d) => {
    FIELDS.forEach((field, f) => {
      const slot = d * FIELD_COUNT + f;
      let distinct = 0;
      for (const text of doc[field]) {
        for (const piece of text?.split(' ') ?? []) {
          for (const id of wordIds(piece)) {
            const first = lastSlot[id] !== slot;
            if (first) ((lastSlot[id] = slot), distinct++);
            if (!isIndexed[id]) continue;
            stream.push(id);
            if (first) entriesWithInField[id * FIELD_COUNT + f]++;
            if (lastDoc[id] !== d) ((lastDoc[id] = d), entriesWithWord[id]++);
          }
        }
      }
      fieldEnds[slot] = stream.length;
      lengths[slot] = distinct || 1; // as MiniSearch, which counted the empty token of an empty field
    });
  });
  return { vocabulary, stream: stream.values(), fieldEnds, lengths, entriesWithWord, entriesWithInField };
}
