// Dates with the precision their source has, for the web pages (directory, printable sheet, admin).
// Same rules as formatPartialDate in src/dialogs/formatEntry.ts, which the chat uses: keep the two alike.

/**
 * "2021" → "2021", "2021-01" → "janvier 2021", "2021-01-14" (or a full ISO timestamp) → "14 janvier 2021",
 * in the language `lang` (a BCP 47 tag such as "fr" or "fa-AF"), always in the Gregorian calendar.
 * A source dated by year or month is never shown as a day: that precision would be invented.
 */
export function formatPartialDate(date, lang) {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(String(date));
  if (!match) return String(date);
  const [year, month, day] = match.slice(1).map((part) => (part === undefined ? 0 : Number(part)));
  const at = new Date(Date.UTC(year, (month || 1) - 1, day || 1));
  if (Number.isNaN(at.getTime())) return String(date);
  const options = day ? { dateStyle: 'long' } : month ? { year: 'numeric', month: 'long' } : { year: 'numeric' };
  try {
    return new Intl.DateTimeFormat(`${lang}-u-ca-gregory`, { ...options, timeZone: 'UTC' }).format(at);
  } catch {
    return String(date);
  }
}
