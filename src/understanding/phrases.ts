import { phraseScore, tokens } from '../common/text.js';

/** Phrases tokenised once, each with what it stands for (a choice index, a command, a tree…). */
export type Phrases = { target: string; words: string[] }[];

export function phrases(map: Record<string, readonly string[] | undefined>): Phrases {
  return Object.entries(map).flatMap(([target, list]) => (list ?? []).map((p) => ({ target, words: tokens(p) })));
}

/** Phrases keyed by their words joined, for exact matches without a scan; the first target wins. */
export function exactIndex(list: Phrases): Map<string, string> {
  const map = new Map<string, string>();
  for (const p of list) if (!map.has(p.words.join(' '))) map.set(p.words.join(' '), p.target);
  return map;
}

/**
 * Best target for a message (the phrase it covers with the most characters); ties between
 * different targets are ambiguous and give null. `exact` allows no typo.
 */
export function bestTarget(message: string[], list: Phrases, minScore = 1, exact = false): string | null {
  let best: string | null = null;
  let bestScore = 0;
  let tie = false;
  for (const { target, words } of list) {
    const score = phraseScore(message, words, exact);
    if (score > bestScore) [best, bestScore, tie] = [target, score, false];
    else if (score === bestScore && score > 0 && target !== best) tie = true;
  }
  return bestScore >= minScore && !tie ? best : null;
}

/** Where `phrase` occurs in `message` as consecutive exact words, or -1. */
export function indexOfPhrase(message: string[], phrase: string[]): number {
  outer: for (let i = 0; i + phrase.length <= message.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (message[i + j] !== phrase[j]) continue outer;
    return i;
  }
  return -1;
}
