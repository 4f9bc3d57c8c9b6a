import { indexPostings, type Postings } from './postings.js';
import { queryTerms, STAGES, type Combine, type WordRule } from './queryTerms.js';
import type { TextFields } from './textFields.js';
import { TextMatches } from './textMatches.js';

export type { TextFields } from './textFields.js';

/**
 * Full-text index of the directory: BM25+ over four weighted fields, accent-folded, prefix and
 * typo-tolerant, scored as MiniSearch 7 scored it with our options (same formula and weights).
 * MiniSearch built one object per matching entry and sorted them all: at 100,000 entries a common
 * word ("aide", a town) matches tens of thousands of entries and cost 50–300 ms. Here each word's
 * score in each entry, all fields together, is computed at build time and kept in typed arrays;
 * a query adds a few of those lists into buffers allocated once per index. MiniSearch's radix tree
 * (SearchableMap) still finds the words for prefix and typo matching. The parts: tokenise.ts reads
 * the entries, postings.ts scores every word in every entry, queryTerms.ts reads a query's words,
 * and this file answers the query.
 */

/** MiniSearch's defaults: the weights of prefix and typo matches. */
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;

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
