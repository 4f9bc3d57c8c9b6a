import { NO_NEED, type NeedGuess } from '../engine/interpreter.js';
import { tokens } from '../common/text.js';
import { createClassifier, type Classifier } from './classifier.js';
import { bestTarget, phrases } from './phrases.js';

/** The class of things people say that are not needs (greetings, thanks, dates). */
const ORDINARY = '';
const EMERGENCY = 'emergency.start';

/**
 * When a guess is acted on (`sure`): a good score with the runner-up below `ratio` of it, or a
 * fair score (`clear`) far ahead of the runner-up (`clearRatio`); else offered as a choice when
 * at least `maybe`. Scores are TF-IDF cosines; chosen on `npm run eval:nlu` (README, "Adding
 * phrases for a language").
 */
export const THRESHOLDS = { sure: 0.18, ratio: 0.9, clear: 0.12, clearRatio: 0.6, maybe: 0.12 };
/** A guess that opens the emergency screen needs to be clearer (emergency words do the rest, see commands.ts). */
export const EMERGENCY_THRESHOLDS = { ...THRESHOLDS, sure: 0.24, ratio: 0.85, clear: 0.16 };

/** Whether the best guess is safe to act on, given the runner-up's score. */
function isSure(score: number, runnerUp: number, t: typeof THRESHOLDS): boolean {
  return (score >= t.sure && runnerUp <= t.ratio * score) || (score >= t.clear && runnerUp <= t.clearRatio * score);
}

export interface NeedParts {
  /** Node id → training phrases (locales/<lng>/intents.json). */
  intents: Record<string, readonly string[]>;
  /** Sentences that are not needs (lexicon `ordinary`). */
  ordinary?: readonly string[];
  /** Bare theme words by tree (lexicon `needs`). */
  themes?: Record<string, readonly string[]>;
  /** Negation words: "je ne suis pas en danger" is no emergency. */
  negation?: ReadonlySet<string>;
  /** Normalised words of a text (the interpreter keeps the last ones). */
  tokensOf?: (text: string) => string[];
  /** Nodes that open the emergency screen: acted on only with a clearer guess. */
  alarming?: ReadonlySet<string>;
}

export interface Needs {
  need(text: string): NeedGuess;
  classifier: Classifier;
}

/** A language's need reader: the classifier for sentences, theme words for a word or two. */
export function createNeeds({
  intents,
  ordinary = [],
  themes = {},
  negation = new Set(),
  tokensOf = tokens,
  alarming = new Set([EMERGENCY]),
}: NeedParts): Needs {
  const classifier = createClassifier(ordinary.length ? { ...intents, [ORDINARY]: ordinary } : intents);
  const themeList = phrases(themes);
  return {
    classifier,
    need(text) {
      const words = tokensOf(text);
      if (!words.length) return NO_NEED;
      const ranked = classifier.rank(words, 3);
      const [top, second] = ranked;
      if (top?.node === ORDINARY) return { ...NO_NEED, ordinary: true };
      // A guessed emergency is never acted on when the sentence denies one ("pas urgent").
      // A word or two is too little to open the emergency screen on a guess: emergency words do that.
      const alarm = !!top && alarming.has(top.node);
      const limits = alarm ? EMERGENCY_THRESHOLDS : THRESHOLDS;
      const denied = alarm && (words.length <= 2 || (top.node === EMERGENCY && words.some((w) => negation.has(w))));
      if (top && !denied && isSure(top.score, second?.score ?? 0, limits)) return { sure: top.node, maybe: [] };
      const tree = words.length <= 2 ? bestTarget(words, themeList, 3, true) : null;
      if (tree) return { sure: null, maybe: [], tree };
      const maybe = ranked.filter((r) => r.node !== ORDINARY && r.score >= THRESHOLDS.maybe).map((r) => r.node);
      return { sure: null, maybe: maybe.slice(0, 2) };
    },
  };
}
