import { LOCALES, type Locale } from '../common/locales.js';
import { scriptOf, tokens, type Script } from '../common/text.js';

/** Scripts each language is typed in: its own, and Latin letters (Arabizi, Finglish, translit). */
export const SCRIPTS: Record<Locale, Script[]> = {
  fr: ['latin'],
  en: ['latin'],
  ar: ['arabic', 'latin'],
  fa: ['arabic', 'latin'],
  ps: ['arabic', 'latin'],
  ti: ['ethiopic', 'latin'],
  ru: ['cyrillic', 'latin'],
  uk: ['cyrillic', 'latin'],
};

/**
 * Letters that point to a language (checked before normalisation folds them): Pashto's own letters,
 * Persian letters Arabic lacks (Pashto has them too), Ukrainian і ї є ґ, Russian ы э ъ ё.
 */
const LETTERS: [RegExp, Partial<Record<Locale, number>>][] = [
  [/[ټډړښږځڅګڼېۍ]/, { ps: 3 }],
  [/[پچژگ]/, { fa: 2, ps: 1 }],
  [/[іїєґ]/, { uk: 3 }],
  [/[ыэъё]/, { ru: 3 }],
];
const letterScore = (raw: string, l: Locale) =>
  LETTERS.reduce((sum, [re, points]) => sum + (re.test(raw) ? (points[l] ?? 0) : 0), 0);

/** Words needed before offering to switch: one word is a name, a loanword or a typo. */
const MIN_WORDS = 2;

/** The script most words of a text are written in (ignoring numbers), and how many words. */
export function mainScript(words: string[]): [Script, number] {
  const counts = new Map<Script, number>();
  for (const w of words) if (!/^\d+$/.test(w)) counts.set(scriptOf(w), (counts.get(scriptOf(w)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0] ?? ['other', 0];
}

/** `words`: the text's normalised words (letters are read from `text` itself). */
export type LanguageGuesser = (text: string, current: Locale | undefined, words?: string[]) => Locale | null;

/**
 * Guesses the language of a text from its script, letters only one language has, and words only
 * one language's phrases use (`vocabularies`: normalised words per language). Returns a language
 * other than `current` only on clear evidence: several words in another script, or several words
 * of another language and none of the current one.
 */
export function createLanguageGuesser(vocabularies: Partial<Record<Locale, ReadonlySet<string>>>): LanguageGuesser {
  const known = LOCALES.filter((l) => vocabularies[l]);
  const exclusive = (word: string, lng: Locale, than: Locale) =>
    !!vocabularies[lng]?.has(word) && !vocabularies[than]?.has(word);
  return (text, current, words = tokens(text)) => {
    const [script, count] = mainScript(words);
    if (count < MIN_WORDS || script === 'other') return null;
    const raw = text.toLowerCase();
    const inScript = words.filter((w) => scriptOf(w) === script);
    const candidates = known.filter(
      (l) => SCRIPTS[l][0] === script || (script === 'latin' && SCRIPTS[l].includes('latin')),
    );
    const score = (l: Locale) => inScript.filter((w) => vocabularies[l]?.has(w)).length + letterScore(raw, l);
    const best = candidates.sort((a, b) => score(b) - score(a))[0];
    if (!best || best === current) return null;
    if (!current || !SCRIPTS[current].includes(script)) return score(best) > 0 || candidates.length === 1 ? best : null;
    // Same script as the conversation: words of the other language only, several of them.
    const theirs = inScript.filter((w) => exclusive(w, best, current)).length;
    const ours = inScript.filter((w) => exclusive(w, current, best)).length;
    const letters = letterScore(raw, best) - letterScore(raw, current);
    return ours === 0 && theirs + Math.max(0, letters) >= MIN_WORDS ? best : null;
  };
}
