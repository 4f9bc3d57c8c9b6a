import type { ChoiceView, Command, Interpreter, ParseResult } from '../engine/interpreter.js';
import type { Lexicon } from './lexicon.js';
import { phraseScore, tokenMatches, tokens, typedNumber } from '../shared/text.js';

type Phrases = { target: string; words: string[] }[];

/** Phrases keyed by their words joined, for exact matches without a scan; the first target wins. */
function exactIndex(list: Phrases): Map<string, string> {
  const map = new Map<string, string>();
  for (const p of list) if (!map.has(p.words.join(' '))) map.set(p.words.join(' '), p.target);
  return map;
}

/** Normalised tokens of the last text seen: a turn asks for them several times (labels, commands). */
function lastTokens(): (text: string) => string[] {
  let text = '';
  let words: string[] = [];
  return (t) => (t === text ? words : ((text = t), (words = tokens(t))));
}

function phrases(map: Record<string, string[] | undefined>): Phrases {
  return Object.entries(map).flatMap(([target, list]) => (list ?? []).map((p) => ({ target, words: tokens(p) })));
}

/** Best target for a message; ties between different targets are ambiguous and give null. */
export function bestTarget(message: string[], list: Phrases, minScore = 1): string | null {
  let best: string | null = null;
  let bestScore = 0;
  let tie = false;
  for (const { target, words } of list) {
    const score = phraseScore(message, words);
    if (score > bestScore) [best, bestScore, tie] = [target, score, false];
    else if (score === bestScore && score > 0 && target !== best) tie = true;
  }
  return bestScore >= minScore && !tie ? best : null;
}

export interface InterpreterParts {
  lexicon: Lexicon;
  /** Extra number reader (e.g. Recognizers-Text ordinals for fr/en); digits in every script are built in. */
  number?: (text: string) => number | null;
  parsers?: Record<string, (text: string) => ParseResult>;
}

/** Builds a language's interpreter from its lexicon: numbers, commands, labels, synonyms, needs. */
export function createInterpreter({ lexicon, number, parsers = {} }: InterpreterParts): Interpreter {
  const commandPhrases = phrases(lexicon.commands);
  const emergencyPhrases = commandPhrases.filter((p) => p.target === 'emergency');
  const exactCommands = exactIndex(commandPhrases);
  const commandsOfLength = [1, 2].map((n) => commandPhrases.filter((p) => p.words.length === n));
  const tokensOf = lastTokens();
  const needPhrases = phrases(lexicon.needs);
  const ordinalPhrases = phrases(Object.fromEntries((lexicon.ordinals ?? []).map((words, i) => [String(i), words])));
  const yesNo: Record<string, string[]> = { yes: lexicon.yes ?? [], no: lexicon.no ?? [] };

  // A menu's labels and synonyms, tokenised once: menus are few, turns are many.
  const candidateCache = new Map<string, { list: Phrases; exact: Map<string, string> }>();
  const candidatesOf = (choices: ChoiceView[]) => {
    const key = choices.map((c) => `${c.id}\u0000${c.labelKey}\u0000${c.label}`).join('\u0001');
    let candidates = candidateCache.get(key);
    if (!candidates) {
      const list = choices.flatMap((c, i) => [
        { target: String(i), words: tokens(c.label) },
        ...(lexicon.synonyms?.[c.labelKey] ?? []).map((s) => ({ target: String(i), words: tokens(s) })),
        ...(yesNo[c.id] ?? []).map((s) => ({ target: String(i), words: tokens(s) })),
      ]);
      candidates = { list, exact: exactIndex(list) };
      if (candidateCache.size < 1000) candidateCache.set(key, candidates);
    }
    return candidates;
  };

  return {
    command(text) {
      const words = tokensOf(text);
      if (!words.length) return null;
      // Emergency words count anywhere in a message; other commands only in a short one.
      const emergency = bestTarget(words, emergencyPhrases);
      if (emergency) return 'emergency';
      const exact = exactCommands.get(words.join(' '));
      if (exact) return exact as Command;
      return words.length <= 2 ? (bestTarget(words, commandsOfLength[words.length - 1]) as Command | null) : null;
    },

    choice(text, choices, exactOnly = false) {
      const digits = typedNumber(text);
      if (digits !== null) return digits >= 1 && digits <= choices.length ? digits - 1 : null;
      const words = tokensOf(text);
      if (!words.length) return null;
      const { list: candidates, exact: exactChoices } = candidatesOf(choices);
      const exact = exactChoices.get(words.join(' '));
      if (exact !== undefined) return Number(exact);
      if (exactOnly) return null;
      // "numéro 4", "option 2", "رقم ٢", "номер 3": one number in a short message is a position.
      const numerals = words.filter((w) => /^\d{1,2}$/.test(w));
      if (words.length <= 3 && numerals.length === 1) {
        const k = Number(numerals[0]);
        return k >= 1 && k <= choices.length ? k - 1 : null;
      }
      const n = number?.(text) ?? null;
      if (n !== null) return n >= 1 && n <= choices.length ? n - 1 : null;
      const ordinal = words.length <= 3 ? bestTarget(words, ordinalPhrases) : null;
      if (ordinal !== null && Number(ordinal) < choices.length) return Number(ordinal);
      // The whole phrase in the message ("I need housing" ⊇ "housing") …
      const covered = bestTarget(words, candidates);
      if (covered !== null) return Number(covered);
      // … or the whole (short) message in a label ("travail" ⊆ "Français et travail").
      if (words.length > 2 || words.some((w) => w.length < 3)) return null;
      const targets = new Set(
        candidates.filter((c) => words.every((w) => c.words.some((l) => tokenMatches(w, l)))).map((c) => c.target),
      );
      return targets.size === 1 ? Number([...targets][0]) : null;
    },

    need(text) {
      return bestTarget(tokensOf(text), needPhrases, 3);
    },

    parse(parser, text) {
      return parsers[parser]?.(text) ?? null;
    },
  };
}
