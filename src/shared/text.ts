import { distance } from 'fastest-levenshtein';

/**
 * Folding for matching what people type, in every script we serve: case, diacritics (Latin
 * accents, Arabic harakat), Arabic/Persian letter variants, native digits, punctuation.
 */
const LETTER_FOLDS: Record<string, string> = {
  ي: 'ی',
  ى: 'ی',
  ئ: 'ی',
  ك: 'ک',
  ة: 'ه',
  ۀ: 'ه',
  أ: 'ا',
  إ: 'ا',
  آ: 'ا',
  ٱ: 'ا',
  ؤ: 'و',
  ё: 'е',
  ʼ: "'",
  '’': "'",
};
const FOLD_RE = new RegExp(`[${Object.keys(LETTER_FOLDS).join('')}]`, 'g');

/** Arabic-Indic (٠-٩) and extended/Persian (۰-۹) digits to ASCII. */
export function foldDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (d) => String((d.charCodeAt(0) & 0xf) % 10));
}

export function normalize(text: string): string {
  return foldDigits(text.normalize('NFKC'))
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/\u0640/g, '') // tatweel
    .replace(FOLD_RE, (c) => LETTER_FOLDS[c] ?? c)
    .replace(/[\u200c\u200d\u200e\u200f\u061c]/g, ' ') // joiners and direction marks
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function tokens(text: string): string[] {
  const n = normalize(text);
  return n ? n.split(' ') : [];
}

/** A number typed alone ("2", "٢", "۲.", "#2", "n°2"), in any script. */
export function typedNumber(text: string): number | null {
  const m = /^\s*(?:#|n°|no\.?|№)?\s*(\d{1,3})\s*[.)\-:]?\s*$/i.exec(foldDigits(text.normalize('NFKC')));
  return m ? Number(m[1]) : null;
}

/** Edits tolerated for a token of this length: none for short words, 1 from 4, 2 from 8. */
function tolerance(length: number): number {
  return length < 4 ? 0 : length < 8 ? 1 : 2;
}

/** Whether a typed token stands for a lexicon token: equal, a long prefix, or a near miss. */
export function tokenMatches(typed: string, known: string): boolean {
  if (typed === known) return true;
  if (typed.length >= 4 && known.length >= typed.length && known.startsWith(typed)) return true;
  if (known.length >= 4 && typed.length > known.length && typed.startsWith(known) && typed.length - known.length <= 2)
    return true;
  const allowed = tolerance(Math.min(typed.length, known.length));
  return allowed > 0 && Math.abs(typed.length - known.length) <= allowed && distance(typed, known) <= allowed;
}

/**
 * How well a message covers a phrase: the characters of the phrase matched when every phrase
 * token is found in the message, else 0. Longer phrases score higher, exact tokens more than
 * near misses ("manger" typed beats "danger" one edit away).
 */
export function phraseScore(message: string[], phrase: string[]): number {
  if (!phrase.length || !message.length) return 0;
  let score = 0;
  for (const p of phrase) {
    if (message.includes(p)) score += p.length;
    else if (message.some((m) => tokenMatches(m, p))) score += p.length * 0.75;
    else return 0;
  }
  return score;
}
