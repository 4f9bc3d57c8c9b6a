import type { Command, NeedGuess } from '../engine/interpreter.js';
import { bestTarget, exactIndex, indexOfPhrase, phrases, type Phrases } from './phrases.js';
import type { Lexicon } from './lexicon.js';

/**
 * Emergency words every conversation understands, whatever its language: the French emergency
 * numbers (as the whole message: "15" inside "rdv le 15 mars" is a date) and SOS.
 */
export const INTERNATIONAL = new Set(['15', '17', '18', '112', '114', '115', '119', '3919', '3114', 'sos']);

/** The node a bare emergency leads to: a sentence that names a more precise need goes there instead. */
export const EMERGENCY_NODE = 'emergency.start';

export interface CommandParts {
  lexicon: Lexicon;
  /** Commands understood in every language, as the whole message only ("language", "زبان", "oublie-moi"). */
  everywhere?: Partial<Record<Command, readonly string[]>>;
  need: (text: string) => NeedGuess;
}

export type CommandReader = (words: string[], text: string) => Command | null;

/**
 * Whether a negation word stands in the three words before a phrase ("pas une urgence", "не
 * срочно") or right after it, where verb-final languages put it ("اضطراری نیست", "ህጹጽ ኣይኮነን").
 */
function negated(words: string[], at: number, length: number, negation: ReadonlySet<string>): boolean {
  for (let i = Math.max(0, at - 3); i < at; i++) if (negation.has(words[i])) return true;
  return at + length < words.length && negation.has(words[at + length]);
}

/** Whether one of the phrases occurs in the message, exact words, not negated. */
function saidIn(words: string[], list: Phrases, negation: ReadonlySet<string>): boolean {
  return list.some((p) => {
    const at = indexOfPhrase(words, p.words);
    return at >= 0 && !negated(words, at, p.words.length, negation);
  });
}

/** Emergency phrases of one language, exact words only, not negated. */
export function emergencyIn(list: Phrases, negation: ReadonlySet<string>): (words: string[]) => boolean {
  return (words) => words.includes('sos') || saidIn(words, list, negation);
}

/** The message without the emergency phrases it contains: what else it is about. */
function withoutPhrases(words: string[], list: Phrases): string[] {
  const rest = [...words];
  for (const p of list) {
    const at = indexOfPhrase(rest, p.words);
    if (at >= 0) rest.splice(at, p.words.length);
  }
  return rest.filter((w) => w !== 'sos');
}

/** Single words of a negation list ("ne", "pas", "not", "نه"). */
export function negationOf(lexicon: Lexicon): Set<string> {
  return new Set(phrases({ n: lexicon.negation ?? [] }).flatMap((p) => (p.words.length === 1 ? p.words : [])));
}

/**
 * A language's global commands. Emergency: its exact words anywhere in a message, unless negated,
 * small talk ("thanks for your help"), or a sentence whose other words name another need
 * ("urgence, je dors dehors" → the 115; "помогите с документами" → papers, or a choice). Forget:
 * exact phrases only, not negated (and confirmed). Others: the whole message, typos allowed in
 * one or two words.
 */
export function createCommands({ lexicon, everywhere = {}, need }: CommandParts): CommandReader {
  const negation = negationOf(lexicon);
  const own = phrases(lexicon.commands);
  const emergencyPhrases = own.filter((p) => p.target === 'emergency');
  const emergency = emergencyIn(emergencyPhrases, negation);
  // What the sentence is about once the cry is taken out: "помогите с документами" is about papers.
  const elsewhere = (words: string[], text: string) => {
    const rest = need(withoutPhrases(words, emergencyPhrases).join(' '));
    const { ordinary } = need(text);
    if (ordinary) return true;
    if (rest.sure) return rest.sure !== EMERGENCY_NODE;
    return rest.maybe.length > 0 && !rest.maybe.includes(EMERGENCY_NODE);
  };
  const forget = own.filter((p) => p.target === 'forget' && p.words.length >= 2);
  const exact = exactIndex([...own, ...phrases(everywhere)]);
  const fuzzy = [1, 2].map((n) => own.filter((p) => p.words.length === n && p.target !== 'forget'));
  return (words, text) => {
    if (!words.length) return null;
    const whole = words.join(' ');
    if (INTERNATIONAL.has(whole)) return 'emergency';
    if (emergency(words)) return words.length <= 2 || !elsewhere(words, text) ? 'emergency' : null;
    const found = exact.get(whole);
    if (found) return found as Command;
    if (words.length <= 4 && saidIn(words, forget, negation)) return 'forget';
    if (words.length > 2) return null;
    const near = bestTarget(words, fuzzy[words.length - 1]) as Command | null;
    return near === 'emergency' ? null : near;
  };
}
