/** Every date and opening hour of the directory is read in the département's wall-clock time. */
export const TIME_ZONE = 'Europe/Paris';

const calendarDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The Europe/Paris calendar date (YYYY-MM-DD) of `at`. */
export function parisToday(at: Date | number = Date.now()): string {
  return calendarDay.format(at);
}

/** The first day of a date of any precision ("2021" → "2021-01-01", "2021-05" → "2021-05-01"). */
export function startOfPeriod(date: string): string {
  return date.length === 4 ? `${date}-01-01` : date.length === 7 ? `${date}-01` : date;
}

/** The calendar date `months` months before `day` (YYYY-MM-DD), the 29th of February as the 28th. */
export function monthsBefore(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const total = y * 12 + (m - 1) - months;
  const [year, month] = [Math.floor(total / 12), (total % 12) + 1];
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
