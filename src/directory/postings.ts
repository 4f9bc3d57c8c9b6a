import type SearchableMap from 'minisearch/SearchableMap';
import { FIELDS, type TextFields } from './textFields.js';
import { tokenise } from './tokenise.js';

/** Module-local, as the loops below read them for every word of every entry. */
const FIELD_COUNT = FIELDS.length;
/** By field, in FIELDS order: a name or theme match says more than a word of the summary. */
const BOOST = [3, 1, 2, 1];
/** MiniSearch's defaults: BM25+ parameters. */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };

/** Each word's entries and its score in each (a class: see TextMatches in textMatches.ts). */
export class Postings {
  constructor(
    /** Indexed words (stop words left out) → word id. */
    readonly vocabulary: SearchableMap<number>,
    /** The entries of word w and its BM25+ score in each (fields boosted and summed): from offsets[w] to offsets[w + 1]. */
    readonly offsets: Int32Array,
    readonly docIds: Int32Array,
    readonly scores: Float64Array,
  ) {}
}

/** Each word's entries, in order, and its BM25+ score in each, all fields boosted and summed. */
export function indexPostings(docs: readonly TextFields[]): Postings {
  const tokens = tokenise(docs);
  const { stream, fieldEnds, lengths, entriesWithWord, entriesWithInField } = tokens;
  const n = docs.length;
  const words = entriesWithWord.length;
  const averages = Array.from({ length: FIELD_COUNT }, (_, f) => {
    let sum = 0;
    for (let d = 0; d < n; d++) sum += lengths[d * FIELD_COUNT + f];
    return sum / n;
  });
  const idf = Float64Array.from(entriesWithInField, (matching) =>
    Math.log(1 + (n - matching + 0.5) / (matching + 0.5)),
  );
  const offsets = new Int32Array(words + 1);
  for (let id = 0; id < words; id++) offsets[id + 1] = offsets[id] + entriesWithWord[id];
  const docIds = new Int32Array(offsets[words]);
  const scores = new Float64Array(offsets[words]);
  const next = offsets.slice(0, words); // where each word's next entry goes
  // One entry at a time: count its words' frequencies per field, then score each word.
  const freqs = new Int32Array(words * FIELD_COUNT);
  const inEntry = new Int32Array(words);
  const lastEntry = new Int32Array(words).fill(-1);
  for (let d = 0; d < n; d++) {
    let count = 0;
    for (let f = 0, p = d ? fieldEnds[d * FIELD_COUNT - 1] : 0; f < FIELD_COUNT; f++) {
      for (const end = fieldEnds[d * FIELD_COUNT + f]; p < end; p++) {
        const id = stream[p];
        if (lastEntry[id] !== d) ((lastEntry[id] = d), (inEntry[count++] = id));
        freqs[id * FIELD_COUNT + f]++;
      }
    }
    for (let w = 0; w < count; w++) {
      const id = inEntry[w];
      let score = 0;
      for (let f = 0; f < FIELD_COUNT; f++) {
        const tf = freqs[id * FIELD_COUNT + f];
        if (!tf) continue;
        freqs[id * FIELD_COUNT + f] = 0;
        const norm = BM25.k * (1 - BM25.b + (BM25.b * lengths[d * FIELD_COUNT + f]) / averages[f]);
        score += BOOST[f] * idf[id * FIELD_COUNT + f] * (BM25.d + (tf * (BM25.k + 1)) / (tf + norm));
      }
      docIds[next[id]] = d;
      scores[next[id]++] = score;
    }
  }
  return new Postings(tokens.vocabulary, offsets, docIds, scores);
}
