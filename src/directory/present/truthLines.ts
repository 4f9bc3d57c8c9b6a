import type { TFunction } from 'i18next';
import type { HoursStatus } from '../hours.js';
import type { Hit } from '../query.js';
import type { SiteHit } from '../sites.js';

/** The formatting of formatEntry.ts that these lines use, bound to one user's language. */
export interface LineFormat {
  isolate(text: string): string;
  localize(text: Record<string, string | undefined> | undefined): { text: string; fallback: boolean } | undefined;
  open(hours: HoursStatus): string | undefined;
  date(date: string): string;
}

/**
 * The places of a service held in several towns: the one nearest the user's town with its days
 * and "open now" / "next opening", then the other towns. Nothing when the entry has no sites.
 */
export function siteLines(hit: Hit, t: TFunction, f: LineFormat): string[] {
  const [nearest, ...others] = hit.sites ?? [];
  if (!nearest) return [];
  const lines: string[] = [];
  const place = (s: SiteHit) => {
    const a = s.site.address;
    const where = [s.site.name, a.street, [a.postalCode, a.town].filter(Boolean).join(' ')].filter(Boolean);
    return f.isolate(where.join(', '));
  };
  lines.push(`📍 ${place(nearest)}`);
  const days = f.localize(nearest.site.days);
  if (days) lines.push(`🗓 ${days.text}${days.fallback ? ` ${t('common.result.in-french')}` : ''}`);
  const status = nearest.hours && f.open(nearest.hours);
  if (status) lines.push(`🕘 ${status}`);
  if (nearest.site.appointmentOnly) lines.push(`📅 ${t('common.result.appointment')}`);
  if (others.length) {
    const towns = [...new Set(others.map((s) => s.site.address.town))];
    lines.push(`➕ ${t('common.result.other-sites', { towns: f.isolate(towns.join(', ')) })}`);
  }
  return lines;
}

/** The notices in force (closure, move, holiday hours, information), each with its dates. */
export function noticeLines(hit: Hit, t: TFunction, f: LineFormat): string[] {
  return (hit.notices ?? []).map((n) => {
    const text = f.localize(n.text)!;
    const dates = t('common.notice.dates', { start: f.date(n.start), end: f.date(n.end) });
    const french = text.fallback ? ` ${t('common.result.in-french')}` : '';
    return `📢 **${t(`common.notice.${n.kind}`)}** (${dates}) — ${text.text}${french}`;
  });
}
