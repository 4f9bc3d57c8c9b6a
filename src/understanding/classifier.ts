import { tokens } from '../common/text.js';

/** A node and how close the text is to the phrases people type for it (0 to 1). */
export interface Ranked {
  node: string;
  score: number;
}

export interface Classifier {
  /** Nodes by decreasing score for a text's normalised words, at most `limit`; empty when no feature is known. */
  rank(words: readonly string[], limit?: number): Ranked[];
  /** Normalised words of the training phrases (for telling languages apart). */
  readonly words: ReadonlySet<string>;
}

/** Neighbours averaged per node: one odd phrase does not decide, three similar ones do. */
const NEIGHBOURS = 3;

/**
 * Features in more than this share of the phrases (and more than MIN_COMMON of them: "<d", "e>")
 * weigh little and cost most: they count in every vector's length but are not looked up.
 */
const COMMON_SHARE = 0.05;
const MIN_COMMON = 10;

/**
 * Features of a text: its normalised words, and the character 2- to 4-grams of each word with its
 * boundaries ("<dormir>" → "<d", "do", …, "ir>"), which absorb inflections and misspellings in
 * every script without a stemmer per language.
 */
export function featuresOf(words: readonly string[], add: (feature: string) => void): void {
  for (const word of words) {
    add(`\u0000${word}`);
    // Our scripts are all in the Basic Multilingual Plane: UTF-16 units are characters.
    const padded = `<${word}>`;
    for (let n = 2; n <= 4; n++) for (let i = 0; i + n <= padded.length; i++) add(padded.substring(i, i + n));
  }
}

function counts(words: readonly string[]): Map<string, number> {
  const tf = new Map<string, number>();
  featuresOf(words, (f) => tf.set(f, (tf.get(f) ?? 0) + 1));
  return tf;
}

/**
 * TF-IDF vectors of every training phrase, an inverted index of them, and a nearest-neighbour
 * vote per node: the mean cosine of the node's NEIGHBOURS closest phrases. Everything is computed
 * at start-up; a classification only walks the postings of the text's features.
 */
export function createClassifier(phrases: Record<string, readonly string[]>): Classifier {
  const nodes = Object.keys(phrases);
  const docs = nodes.flatMap((node, n) => phrases[node].map((p) => ({ n, tf: counts(tokens(p)) })));
  const df = new Map<string, number>();
  for (const { tf } of docs) for (const f of tf.keys()) df.set(f, (df.get(f) ?? 0) + 1);
  const unseen = Math.log(docs.length + 1) + 1;
  const idf = new Map([...df].map(([f, d]) => [f, Math.log((docs.length + 1) / (d + 1)) + 1]));
  const postings = new Map<string, { doc: number[]; weight: number[] }>();
  const common = Math.max(MIN_COMMON, COMMON_SHARE * docs.length);
  docs.forEach(({ tf }, d) => {
    const weights = [...tf].map(([f, c]) => [f, (1 + Math.log(c)) * idf.get(f)!] as const);
    const norm = Math.sqrt(weights.reduce((s, [, w]) => s + w * w, 0)) || 1;
    for (const [f, w] of weights) {
      if (df.get(f)! > common) continue;
      const list = postings.get(f) ?? postings.set(f, { doc: [], weight: [] }).get(f)!;
      list.doc.push(d);
      list.weight.push(w / norm);
    }
  });
  const nodeOf = Int32Array.from(docs.map((d) => d.n));
  const words = new Set(
    docs.flatMap(({ tf }) => [...tf.keys()].filter((f) => f[0] === '\u0000').map((f) => f.slice(1))),
  );
  // Reused by every call: classification is synchronous, one at a time.
  const scores = new Float64Array(docs.length);
  const best = new Float64Array(nodes.length * NEIGHBOURS);

  return {
    words,
    rank(text, limit = 3) {
      const tf = counts(text);
      let norm = 0;
      const known: [string, number][] = [];
      for (const [f, c] of tf) {
        const w = (1 + Math.log(c)) * (idf.get(f) ?? unseen);
        norm += w * w;
        if (postings.has(f)) known.push([f, w]);
      }
      if (!known.length) return [];
      norm = Math.sqrt(norm);
      scores.fill(0);
      for (const [f, w] of known) {
        const { doc, weight } = postings.get(f)!;
        for (let i = 0; i < doc.length; i++) scores[doc[i]] += (w / norm) * weight[i];
      }
      return vote(scores, nodeOf, nodes, best, limit);
    },
  };
}

/** Mean of each node's NEIGHBOURS best phrase scores, top `limit` nodes first. */
function vote(scores: Float64Array, nodeOf: Int32Array, nodes: string[], best: Float64Array, limit: number): Ranked[] {
  best.fill(0);
  for (let d = 0; d < scores.length; d++) {
    const s = scores[d];
    const base = nodeOf[d] * NEIGHBOURS;
    if (s <= best[base + NEIGHBOURS - 1]) continue;
    let i = base + NEIGHBOURS - 1;
    while (i > base && best[i - 1] < s) {
      best[i] = best[i - 1];
      i--;
    }
    best[i] = s;
  }
  const ranked: Ranked[] = [];
  for (let n = 0; n < nodes.length; n++) {
    let sum = 0;
    for (let k = 0; k < NEIGHBOURS; k++) sum += best[n * NEIGHBOURS + k];
    if (sum > 0) ranked.push({ node: nodes[n], score: sum / NEIGHBOURS });
  }
  return ranked.sort((a, b) => b.score - a.score).slice(0, limit);
}
