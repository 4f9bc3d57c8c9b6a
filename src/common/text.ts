import { distance } from 'fastest-levenshtein';
import { digitValue, EDITS, fold, FOLD_RE, foldGeez, GEEZ_RE, scriptOf } from './scripts.js';

export { scriptOf, type Script } from './scripts.js';

/** Decimal digits of every script (٠-٩, ۰-۹, …) to ASCII. */
export function foldDigits(text: string): string {
  return text.replace(/[^\P{Nd}0-9]/gu, digitValue);
}

/**
 * Folding for matching what people type, in every script we serve: case, diacritics (Latin
 * accents, Arabic harakat), letter variants and keyboards (src/common/scripts.ts), native digits,
 * apostrophes inside Cyrillic words (сім'я, сімʼя, сімя are one word), punctuation.
 */
export function normalize(text: string): string {
  return foldDigits(text.normalize('NFKC'))
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .normalize('NFC')
    .replace(/\u0640/g, '') // tatweel
    .replace(FOLD_RE, fold)
    .replace(GEEZ_RE, foldGeez)
    .replace(/(?<=\p{Script=Cyrillic})['’ʼ`‘](?=\p{Script=Cyrillic})/gu, '')
    .replace(/\u200c/g, '') // zero-width non-joiner: می‌خواهم is typed میخواهم too
    .replace(/[\u200d\u200e\u200f\u061c]/g, ' ') // joiners and direction marks
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function tokens(text: string): string[] {
  const n = normalize(text);
  return n ? n.split(' ') : [];
}

/** A number typed alone ("2", "٢", "۲.", "#2", "n°2", "፪"), in any script. */
export function typedNumber(text: string): number | null {
  const m = /^\s*(?:#|n°|no\.?|№)?\s*(\d{1,3})\s*[.)\-:]?\s*$/i.exec(
    foldDigits(text.normalize('NFKC')).replace(FOLD_RE, fold),
  );
  return m ? Number(m[1]) : null;
}

/** Edits tolerated between two words of this length in this script (src/common/scripts.ts EDITS). */
export function tolerance(word: string, length = word.length): number {
  const rule = EDITS[scriptOf(word)];
  return length >= rule.two ? 2 : length >= rule.one ? 1 : 0;
}

/** Whether a typed token stands for a lexicon token: equal, a long prefix, or a near miss. */
export function tokenMatches(typed: string, known: string): boolean {
  if (typed === known) return true;
  const { prefix } = EDITS[scriptOf(known)];
  if (typed.length >= prefix && known.length >= typed.length && known.startsWith(typed)) return true;
  if (
    known.length >= prefix &&
    typed.length > known.length &&
    typed.startsWith(known) &&
    typed.length - known.length <= 2
  )
    return true;
  const allowed = tolerance(known, Math.min(typed.length, known.length));
  return allowed > 0 && Math.abs(typed.length - known.length) <= allowed && distance(typed, known) <= allowed;
}

/**
 * How well a message covers a phrase: the characters of the phrase matched when every phrase
 * token is found in the message, else 0. Longer phrases score higher, exact tokens more than
 * near misses ("manger" typed beats "danger" one edit away). `exact` allows no near miss.
 */
export function phraseScore(message: string[], phrase: string[], exact = false): number {
  if (!phrase.length || !message.length) return 0;
  let score = 0;
  for (const p of phrase) {
    if (message.includes(p)) score += p.length;
    else if (!exact && message.some((m) => tokenMatches(m, p))) score += p.length * 0.75;
    else return 0;
  }
  return score;
}
