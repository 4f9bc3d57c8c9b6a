import type { TFunction } from 'i18next';
import { callFirst, isReachedByPhone } from '../rules.js';
import type { Hit } from '../search.js';
import { escapeMarkdown, formatPartialDate, formatWhen, localized, memoText, type Style } from './formatEntry.js';

/** "open now until…", or for a phone line "answers now until…": what a contact card says of its hours. */
export function hoursLines(hit: Hit, t: TFunction, style: Style): string[] {
  const e = hit.entry;
  const byPhone = isReachedByPhone(e);
  const when = (key: string, at: string) =>
    memoText(t, `${key}\u0000${style.tag}\u0000${at}`, () => t(key, { when: formatWhen(at, style) }));
  const hours = hit.hours;
  const lines: string[] = [];
  const [openKey, untilKey, closedKey, nextKey] = byPhone
    ? [
        'common.hours.answers-now',
        'common.hours.answers-until',
        'common.hours.not-answering',
        'common.hours.not-answering-next',
      ]
    : ['common.hours.open', 'common.hours.until', 'common.hours.closed', 'common.hours.closed-next'];
  if (byPhone && e.hours?.osm?.trim() === '24/7') lines.push(`🕘 ${t('common.hours.always')}`);
  else if (hours?.open === true) lines.push(`🕘 ${hours.nextChange ? when(untilKey, hours.nextChange) : t(openKey)}`);
  else if (hours?.open === false) lines.push(`🕘 ${hours.nextChange ? when(nextKey, hours.nextChange) : t(closedKey)}`);
  const note = localized(e.hours?.note, style.locale)?.text;
  if (note) lines.push(`🕘 ${escapeMarkdown(note)}`);
  else if (byPhone && !e.hours && e.phones.length) lines.push(`🕘 ${t('common.hours.phone-unknown')}`);
  return lines;
}

/** How to reach an entry without an address: calling is the way (hotline), or the way to learn where to go. */
export function reachLine(hit: Hit, t: TFunction): string | undefined {
  const e = hit.entry;
  if (!isReachedByPhone(e) || !e.phones.length) return undefined;
  return `☎️ ${t(e.kind === 'national-hotline' ? 'common.result.by-phone' : 'common.result.no-address')}`;
}

/**
 * When the facts were checked ("confirmed by the service" when its own confirmation dates them);
 * old ones say "call before going", or for a phone line that the number may have changed; over
 * two years, "very old information" first.
 */
export function freshnessLine(hit: Hit, t: TFunction, style: Style): string {
  const e = hit.entry;
  const last = e.verifications?.at(-1);
  const key =
    last?.method === 'service' && last.date === e.verifiedAt ? 'common.result.confirmed' : 'common.result.checked';
  const checked = memoText(t, `${key}\u0000${style.tag}\u0000${e.verifiedAt}`, () =>
    t(key, { date: formatPartialDate(e.verifiedAt, style) }),
  );
  const level = hit.freshness ?? (hit.stale ? 'call-first' : 'fresh');
  if (!callFirst(level, e.status)) return `🔎 ${checked}`;
  const caution = !isReachedByPhone(e)
    ? 'common.result.call-first'
    : e.phones.length
      ? 'common.result.number-check'
      : undefined;
  const old = level === 'very-old' ? `${t('common.result.very-old')} ` : '';
  return `⚠️ ${old}${checked}${caution ? ` ${t(caution)}` : ''}`;
}
