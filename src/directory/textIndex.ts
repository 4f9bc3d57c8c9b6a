import SearchableMap from 'minisearch/SearchableMap';
import { normalize } from '../shared/text.js';

/**
 * Full-text index of the directory: BM25+ over four weighted fields, accent-folded, prefix and
 * typo-tolerant, scored as MiniSearch 7 scored it with our options (same formula and weights).
 * MiniSearch built one object per matching entry and sorted them all: at 100,000 entries a common
 * word ("aide", a town) matches tens of thousands of entries and cost 50–300 ms. Here each word's
 * score in each entry, all fields together, is computed at build time and kept in typed arrays;
 * a query adds a few of those lists into buffers allocated once per index. MiniSearch's radix tree
 * (SearchableMap) still finds the words for prefix and typo matching.
 */

/** The searched text of one entry, by field: texts read one after the other, missing ones skipped. */
export interface TextFields {
  name: readonly (string | undefined)[];
  summary: readonly (string | undefined)[];
  themes: readonly (string | undefined)[];
  towns: readonly (string | undefined)[];
}

const FIELDS = ['name', 'summary', 'themes', 'towns'] as const satisfies readonly (keyof TextFields)[];
/** A name or theme match says more than a word of the summary. */
const BOOST = [3, 1, 2, 1];
const FIELD_COUNT = FIELDS.length;
/** MiniSearch's defaults: BM25+ parameters and the weights of prefix and typo matches. */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;

/** Words that occur in nearly every entry (French and English articles, prepositions): not searched. */
const STOP_WORDS = new Set([
  'de',
  'du',
  'des',
  'la',
  'le',
  'les',
  'l',
  'd',
  'un',
  'une',
  'et',
  'ou',
  'a',
  'au',
  'aux',
  'en',
  'pour',
  'par',
  'sur',
  'dans',
  'avec',
  'the',
  'of',
  'and',
  'or',
  'in',
  'for',
  'to',
  'on',
  'with',
  'an',
]);

/**
 * Entries matching a query: the first `count` of `docs`, each with its text score in
 * `scores[entry]`. The arrays are the index's buffers, reused: read them before the next query.
 * Long-lived objects that hot code reads are class instances, not object literals: building a
 * new index made new literals of the same shape, and V8 then threw away the optimised search code
 * (field-type dependencies), so the first queries on each new index ran slow.
 */
export class TextMatches {
  count = 0;

  constructor(
    readonly docs: Int32Array,
    readonly scores: Float64Array,
  ) {}
}

type Combine = 'and' | 'or';
/** How one query word is looked up: as a prefix, with how many typos. */
interface WordRule {
  prefix(term: string, i: number, terms: string[]): boolean;
  typos(term: string): number;
}

const typos = (term: string) => (term.length >= 8 ? 2 : term.length >= 4 ? 1 : 0);
/**
 * Cheapest first: exact words (the last one as a prefix, as people type), then typo-tolerant, then
 * any word. Typo matching walks the whole vocabulary; most queries never need it.
 */
const STAGES: [Combine, WordRule][] = [
  ['and', { prefix: (t, i, terms) => i === terms.length - 1 && t.length >= 3, typos: () => 0 }],
  ['and', { prefix: (t) => t.length >= 3, typos }],
  ['or', { prefix: (t) => t.length >= 4, typos }],
];

function queryTerms(q: string): string[] {
  return normalize(q)
    .split(' ')
    .filter((t) => t && !STOP_WORDS.has(t));
}

/**
 * The index and what a query knows of each entry, reused by every query (searches are synchronous,
 * so never shared): its score so far, how many query words and distinct query words it matched,
 * and the stamp of the last query word that counted it. Stamps only grow, so comparing an entry's
 * stamp with the first of a stage, of a group of equal words, or of the current word tells whether
 * it was already counted there: nothing needs clearing between queries. A class, not closures made
 * per index: V8 keeps one optimised copy of its methods for every index (an admin edit rebuilds
 * it), where each new index's closures started slow again.
 */
export class TextIndex {
  private readonly postings: Postings;
  private readonly total: Float64Array;
  private readonly wordsMatched: Uint16Array;
  private readonly distinctMatched: Uint16Array;
  private readonly stamps: Uint32Array;
  private stamp = 0;
  /** The entries the current stage has read, in the order first read: the matches, once filtered. */
  private readonly touched: Int32Array;
  private readonly out: TextMatches;

  constructor(docs: readonly TextFields[]) {
    const n = docs.length;
    this.postings = indexPostings(docs);
    this.total = new Float64Array(n);
    this.wordsMatched = new Uint16Array(n);
    this.distinctMatched = new Uint16Array(n);
    this.stamps = new Uint32Array(n);
    this.touched = new Int32Array(n);
    this.out = new TextMatches(this.touched, this.total);
  }

  /** Entries matching every word (the last one as a prefix), else with typos, else any word. */
  search(q: string): TextMatches {
    const terms = queryTerms(q);
    this.out.count = 0;
    if (!terms.length) return this.out;
    for (const [combine, rule] of STAGES) {
      if (this.run(terms, combine, rule).count) break;
    }
    return this.out;
  }

  /**
   * One stage: the sum of each query word's scores, kept when every word matched (AND) or when any
   * did (OR), times the number of distinct words matched (MiniSearch's quality: a word typed twice
   * counts once, so equal words are read one after the other, as a group).
   */
  private run(terms: string[], combine: Combine, rule: WordRule): TextMatches {
    const groups = new Map<string, [number, number][][]>();
    terms.forEach((term, i) => {
      const words = this.expand(term, rule.prefix(term, i, terms), rule.typos(term));
      (groups.get(term) ?? groups.set(term, []).get(term)!).push(words);
    });
    // When every word must match, the rarest is read first and the others only for its entries.
    const order = [...groups.values()].sort((a, b) => (combine === 'and' ? this.cost(a[0]) - this.cost(b[0]) : 0));
    // A stage takes a stamp, then one per group and one per word: start over before they overflow.
    if (this.stamp > 0xffffffff - 2 * (terms.length + 1)) ((this.stamp = 0), this.stamps.fill(0));
    const stage = ++this.stamp;
    const counting = terms.length > 1;
    let seen = 0;
    order.forEach((positions, g) => {
      const group = ++this.stamp;
      positions.forEach((words, i) => {
        const word = ++this.stamp;
        const admit = combine === 'or' || (g === 0 && i === 0);
        for (const [id, weight] of words) seen = this.addWord(id, weight, word, group, stage, admit, counting, seen);
      });
    });
    // With several words, keep the entries that matched as many as needed, scored by their quality.
    const { touched, total, wordsMatched, distinctMatched, out } = this;
    let count = seen;
    if (counting) {
      count = 0;
      for (let s = 0; s < seen; s++) {
        const d = touched[s];
        if (combine === 'or' || wordsMatched[d] === terms.length)
          ((touched[count++] = d), (total[d] *= distinctMatched[d]));
      }
    }
    out.count = count;
    return out;
  }

  /**
   * Adds an indexed word's scores, times `weight`, to its entries' totals. Entries this stage
   * (stamps from `stage`) has not seen yet are listed if `admit`, else skipped: once every word must
   * match, only the entries of the first word read can. With several query words (`counting`), it
   * counts the entries the query word (stamp `word`) and its group of equal words (stamps from
   * `group`) match for the first time; a one-word query, the most common, needs no count. Returns
   * the count listed.
   */
  private addWord(
    wordId: number,
    weight: number,
    word: number,
    group: number,
    stage: number,
    admit: boolean,
    counting: boolean,
    seen: number,
  ): number {
    const { offsets, docIds, scores } = this.postings;
    const { stamps, touched, total, wordsMatched, distinctMatched } = this;
    for (let p = offsets[wordId], end = offsets[wordId + 1]; p < end; p++) {
      const d = docIds[p];
      const last = stamps[d];
      if (last !== word) {
        if (last < stage) {
          if (!admit) continue;
          touched[seen++] = d;
          total[d] = 0;
          if (counting) wordsMatched[d] = distinctMatched[d] = 0;
        }
        stamps[d] = word;
        if (counting) {
          wordsMatched[d]++;
          if (last < group) distinctMatched[d]++;
        }
      }
      total[d] += weight * scores[p];
    }
    return seen;
  }

  /** How many entries a query word's indexed words list: the cost of reading it. */
  private cost(words: [number, number][]): number {
    return words.reduce((sum, [id]) => sum + this.postings.offsets[id + 1] - this.postings.offsets[id], 0);
  }

  /** The indexed words a query word stands for, with their weights: itself, its extensions, near misses. */
  private expand(term: string, prefix: boolean, maxTypos: number): [number, number][] {
    const { vocabulary } = this.postings;
    const words: [number, number][] = [];
    const exact = vocabulary.get(term);
    if (exact !== undefined) words.push([exact, 1]);
    const near = maxTypos ? vocabulary.fuzzyGet(term, maxTypos) : undefined;
    if (prefix) {
      for (const [word, id] of vocabulary.atPrefix(term)) {
        const distance = word.length - term.length;
        if (!distance) continue;
        near?.delete(word); // scored as a prefix only
        words.push([id, (PREFIX_WEIGHT * word.length) / (word.length + 0.3 * distance)]);
      }
    }
    for (const [word, [id, distance]] of near ?? []) {
      if (distance) words.push([id, (FUZZY_WEIGHT * word.length) / (word.length + distance)]);
    }
    return words;
  }
}

/** Each word's entries and its score in each (a class: see TextMatches). */
class Postings {
  constructor(
    /** Indexed words (stop words left out) → word id. */
    readonly vocabulary: SearchableMap<number>,
    /** The entries of word w and its BM25+ score in each (fields boosted and summed): from offsets[w] to offsets[w + 1]. */
    readonly offsets: Int32Array,
    readonly docIds: Int32Array,
    readonly scores: Float64Array,
  ) {}
}

/** Every entry's indexed words, and what BM25 needs to know of them. */
interface Tokens {
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
function tokenise(docs: readonly TextFields[]): Tokens {
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

/** A growable list of integers, without the cost of a JS array of millions of numbers. */
class IntList {
  private array: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.array = new Int32Array(Math.max(16, capacity));
  }
  push(value: number): void {
    if (this.length === this.array.length) {
      const bigger = new Int32Array(this.array.length * 2);
      bigger.set(this.array);
      this.array = bigger;
    }
    this.array[this.length++] = value;
  }
  values(): Int32Array {
    return this.array.subarray(0, this.length);
  }
}

/** Each word's entries, in order, and its BM25+ score in each, all fields boosted and summed. */
function indexPostings(docs: readonly TextFields[]): Postings {
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
