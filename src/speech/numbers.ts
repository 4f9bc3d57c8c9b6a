/**
 * How numbers are said aloud. French phone numbers go in pairs the way French people say them
 * ("04 92" → "zéro quatre, quatre-vingt-douze"); in every other language each digit is said on its
 * own, pairs kept apart by a pause, so the listener can dial them. The synthesizer says the
 * resulting digits and numbers in the voice's own language.
 */

/** The words a language needs around numbers (catalogue texts, `audio.*` keys). */
export interface NumberWords {
  /** "{{hours}} heures {{minutes}}" */
  time(hours: number, minutes: number): string;
  /** "24 heures sur 24" */
  allDay: string;
}

const spaced = (digits: string) => digits.split('').join(' ');

/** One group of a phone number: a pair as a French number, or digit by digit (leading zeros always). */
function group(digits: string, french: boolean): string {
  if (!french || digits.length !== 2) return spaced(digits);
  return digits.startsWith('0') ? spaced(digits) : digits;
}

/** "04 92 53 21 00" or "+33 4 92 53 21 00" as groups said one after the other. */
export function sayPhone(display: string, french: boolean): string {
  const plus = display.trim().startsWith('+');
  const groups = display
    .replace(/[^\d ]/g, ' ')
    .trim()
    .split(/\s+/);
  const said = groups.map((g, i) => (plus && i === 0 ? spaced(g) : group(g, french)));
  return `${plus && french ? 'plus ' : ''}${said.join(', ')}`;
}

/** A four-digit service number (3230, 3919): two pairs in French, digit by digit elsewhere. */
export function sayServiceNumber(digits: string, french: boolean): string {
  return `${group(digits.slice(0, 2), french)}, ${group(digits.slice(2), french)}`;
}

/** "05000" → "0 5000": a département's leading zero is said, then the number ("zéro cinq mille"). */
export function sayPostalCode(code: string): string {
  return code.startsWith('0') ? `0 ${Number(code.slice(1))}` : code;
}

/** Phone numbers: 8+ digits in groups of 1–4 separated by spaces, dots or dashes, maybe +country. */
const PHONE = /(?<![\d+])(\+\d{1,3}[ .-]?)?\d{1,4}(?:[ .-]\d{2,4}){2,5}(?![\d])/g;
/** Four-digit numbers starting with 3 are French service numbers; years start with 1 or 2. */
const SERVICE = /(?<![\p{L}\d]|\d[.,])3\d{3}(?![\p{L}\d]|[.,]\d)/gu;
const POSTAL = /(?<![\p{L}\d]|\d[.,])\d{5}(?![\p{L}\d]|[.,]\d)/gu;
const TIME = /(?<![\d])([01]?\d|2[0-3])(?: ?[:h] ?([0-5]\d)|( ?h)(?![\p{L}/]))(?![\d])/gu;
const ALL_DAY = /24 ?h? ?\/ ?24(?: ?h)?/g;

/** Rewrites the numbers of one plain-text line into what should be said. */
export function sayNumbers(text: string, french: boolean, words: NumberWords): string {
  return text
    .replace(ALL_DAY, words.allDay)
    .replace(PHONE, (m) => (m.replace(/\D/g, '').length >= 8 ? sayPhone(m.replace(/[.-]/g, ' '), french) : m))
    .replace(TIME, (_m, h: string, min: string | undefined) => words.time(Number(h), Number(min ?? 0)))
    .replace(SERVICE, (m) => sayServiceNumber(m, french))
    .replace(POSTAL, (m) => sayPostalCode(m));
}
