/**
 * Letter folds per script, for matching what people type on whatever keyboard they have. Applied by
 * normalize() (src/common/text.ts) on both sides of every comparison: lexicons, intents, directory.
 */
const FOLDS: Record<string, string> = {
  // Arabic script: Arabic and Persian forms of yeh and kaf, teh marbuta, hamza carriers.
  ي: 'ی',
  ى: 'ی',
  ئ: 'ی',
  ك: 'ک',
  ة: 'ه',
  ۀ: 'ه',
  ھ: 'ه',
  ہ: 'ه',
  ۃ: 'ه',
  أ: 'ا',
  إ: 'ا',
  آ: 'ا',
  ٱ: 'ا',
  ؤ: 'و',
  // Pashto letters as typed on a Persian keyboard (ګ → گ, ښ → ش …): both spellings meet.
  ګ: 'گ',
  ټ: 'ت',
  ډ: 'د',
  ړ: 'ر',
  ڼ: 'ن',
  ې: 'ی',
  ۍ: 'ی',
  ښ: 'ش',
  ږ: 'ژ',
  ځ: 'ز',
  څ: 'س',
  // Cyrillic: ё is written е, Ukrainian ґ often г.
  ё: 'е',
  ґ: 'г',
  // Ethiopic numerals (not decimal digits in Unicode).
  '፩': '1',
  '፪': '2',
  '፫': '3',
  '፬': '4',
  '፭': '5',
  '፮': '6',
  '፯': '7',
  '፰': '8',
  '፱': '9',
  '፲': '10',
};
export const FOLD_RE = new RegExp(`[${Object.keys(FOLDS).join('')}]`, 'g');
export const fold = (c: string): string => FOLDS[c] ?? c;

/**
 * Ge'ez homophone series written interchangeably (ሐ/ኀ → ሀ, ሠ → ሰ, ፀ → ጸ, ዐ → አ) and አ → ኣ
 * (Tigrinya writes ኣ where Amharic writes አ). Each series is 8 consecutive code points.
 */
const GEEZ_SERIES: [from: number, to: number][] = [
  [0x1210, 0x1200],
  [0x1280, 0x1200],
  [0x1220, 0x1230],
  [0x1340, 0x1338],
  [0x12d0, 0x12a0],
];
export const GEEZ_RE = /[\u1210-\u1217\u1280-\u1287\u1220-\u1227\u1340-\u1347\u12d0-\u12d7\u12a0]/g;
export function foldGeez(c: string): string {
  const cp = c.codePointAt(0)!;
  if (cp === 0x12a0) return '\u12a3';
  for (const [from, to] of GEEZ_SERIES)
    if (cp >= from && cp < from + 8) return foldGeez(String.fromCodePoint(to + cp - from));
  return c;
}

/** Decimal digits of any script to ASCII: Unicode keeps each script's 0–9 in one run of ten. */
export function digitValue(c: string): string {
  let cp = c.codePointAt(0)!;
  let n = 0;
  while (/\p{Nd}/u.test(String.fromCodePoint(cp - 1)) && n < 9) {
    cp--;
    n++;
  }
  return String(n);
}

export type Script = 'latin' | 'arabic' | 'cyrillic' | 'ethiopic' | 'other';

/** The script of a (normalised) word, from its first letter. */
export function scriptOf(word: string): Script {
  const c = word.codePointAt(0) ?? 0;
  if (c < 0x250) return 'latin';
  if (c >= 0x400 && c < 0x530) return 'cyrillic';
  if ((c >= 0x600 && c < 0x700) || (c >= 0x750 && c < 0x780) || (c >= 0xfb50 && c < 0xfe00)) return 'arabic';
  if (c >= 0x1200 && c < 0x13a0) return 'ethiopic';
  return 'other';
}

/**
 * The per-script rule for typos: the shortest word that may differ by one edit, and by two. An
 * Arabic-script letter or a Ge'ez syllable carries more than a Latin letter and short words
 * collide (خراب/خواب, انتظار/انتحار), so those scripts tolerate fewer edits, later.
 */
export const EDITS: Record<Script, { one: number; two: number; prefix: number }> = {
  latin: { one: 5, two: 8, prefix: 4 },
  cyrillic: { one: 5, two: 8, prefix: 5 },
  arabic: { one: 7, two: Infinity, prefix: 6 },
  ethiopic: { one: 5, two: Infinity, prefix: 4 },
  other: { one: Infinity, two: Infinity, prefix: Infinity },
};
