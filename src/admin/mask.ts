import { findNumbers } from 'libphonenumber-js/max';

/** Tokens that replace personal data in a stored comment (admins see where something was removed). */
export const MASKS = { phone: '[phone]', email: '[email]' } as const;

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
/** Any run of 8 or more digits with spaces, dots or dashes between them: a number libphonenumber did not accept. */
const DIGITS = /\+?\d(?:[\s.\u00a0-]?\d){7,}/g;

/**
 * A comment with the phone numbers and e-mail addresses it contains masked, before anything is
 * stored: valid numbers of any country (libphonenumber-js), then any long run of digits.
 */
export function maskPersonalData(text: string): string {
  let out = text.replace(EMAIL, MASKS.email);
  const found = findNumbers(out, { defaultCountry: 'FR', v2: true });
  for (const n of [...found].sort((a, b) => b.startsAt - a.startsAt))
    out = `${out.slice(0, n.startsAt)}${MASKS.phone}${out.slice(n.endsAt)}`;
  return out.replace(DIGITS, MASKS.phone);
}
