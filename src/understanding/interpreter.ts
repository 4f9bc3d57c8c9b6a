import { NO_NEED, type ChoiceView, type Command, type Interpreter, type ParseResult } from '../engine/interpreter.js';
import type { Locale } from '../common/locales.js';
import { tokenMatches, tokens, typedNumber } from '../common/text.js';
import { createCommands, negationOf } from './commands.js';
import type { LanguageGuesser } from './language.js';
import type { Lexicon } from './lexicon.js';
import { createNeeds } from './needs.js';
import { bestTarget, exactIndex, phrases, type Phrases } from './phrases.js';

/** Normalised tokens of the last text seen: a turn asks for them several times (labels, commands). */
function lastTokens(): (text: string) => string[] {
  let text = '';
  let words: string[] = [];
  return (t) => (t === text ? words : ((text = t), (words = tokens(t))));
}

/** The last result of `f`, for a turn that asks twice (commands, then the engine). */
function lastOf<T>(f: (text: string) => T): (text: string) => T {
  let text: string | undefined;
  let value: T;
  return (t) => (t === text ? value : ((text = t), (value = f(t))));
}

export interface InterpreterParts {
  lexicon: Lexicon;
  /** Extra number reader (e.g. Recognizers-Text ordinals for fr/en); digits in every script are built in. */
  number?: (text: string) => number | null;
  parsers?: Record<string, (text: string) => ParseResult>;
  /** Training phrases by node (locales/<lng>/intents.json). */
  intents?: Record<string, readonly string[]>;
  /** Commands understood in every language, as the whole message. */
  everywhere?: Partial<Record<Command, readonly string[]>>;
  /** Another language's emergency words, for text in a script this language is not typed in. */
  foreignEmergency?: (words: string[], text: string) => boolean;
  language?: { guess: LanguageGuesser; locale?: Locale };
  /** Nodes that open the emergency screen (acted on only with a clearer guess). */
  alarming?: ReadonlySet<string>;
}

/** Builds a language's interpreter: numbers, commands, labels, synonyms, yes/no, needs, language. */
export function createInterpreter(parts: InterpreterParts): Interpreter {
  const { lexicon, parsers = {}, language } = parts;
  const tokensOf = lastTokens();
  const negation = negationOf(lexicon);
  const needs = createNeeds({
    intents: parts.intents ?? {},
    ordinary: lexicon.ordinary,
    themes: lexicon.needs,
    negation,
    tokensOf,
    ...(parts.alarming ? { alarming: parts.alarming } : {}),
  });
  const need = lastOf(needs.need);
  const commands = createCommands({ lexicon, everywhere: parts.everywhere, need });
  const yesNo = phrases({ yes: lexicon.yes ?? [], no: lexicon.no ?? [] });
  const choose = createChoice(lexicon, parts.number, tokensOf);
  return {
    command(text) {
      const words = tokensOf(text);
      return commands(words, text) ?? (parts.foreignEmergency?.(words, text) ? 'emergency' : null);
    },
    choice: choose,
    answer(text) {
      const words = tokensOf(text);
      const said = bestTarget(words, yesNo, 1, true);
      const denied = words.some((w) => negation.has(w));
      if (said === 'no' || (denied && said === null)) return 'no';
      return said === 'yes' && !denied ? 'yes' : null;
    },
    need: (text) => (tokensOf(text).length ? need(text) : NO_NEED),
    language: (text) => language?.guess(text, language.locale, tokensOf(text)) ?? null,
    parse: (parser, text) => parsers[parser]?.(text) ?? null,
  };
}

/** Reads a menu answer: a number in any script, an ordinal, a label, a synonym, yes or no. */
function createChoice(
  lexicon: Lexicon,
  number: ((text: string) => number | null) | undefined,
  tokensOf: (text: string) => string[],
): Interpreter['choice'] {
  const ordinalPhrases = phrases(Object.fromEntries((lexicon.ordinals ?? []).map((words, i) => [String(i), words])));
  const yesNo: Record<string, string[]> = { yes: lexicon.yes ?? [], no: lexicon.no ?? [] };
  // A menu's labels and synonyms, tokenised once: menus are few, turns are many.
  const candidateCache = new Map<string, { list: Phrases; exact: Map<string, string> }>();
  const candidatesOf = (choices: ChoiceView[]) => {
    const key = choices.map((c) => `${c.id}\u0000${c.labelKey}\u0000${c.label}`).join('\u0001');
    let candidates = candidateCache.get(key);
    if (!candidates) {
      const list = choices.flatMap((c, i) => [
        ...phrases({ [i]: [c.label, ...(lexicon.synonyms?.[c.labelKey] ?? [])] }),
        ...phrases({ [i]: yesNo[c.id] ?? [] }),
      ]);
      candidates = { list, exact: exactIndex(list) };
      if (candidateCache.size < 1000) candidateCache.set(key, candidates);
    }
    return candidates;
  };

  return (text, choices, exactOnly = false) => {
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
  };
}
