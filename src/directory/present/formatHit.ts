import type { TFunction } from 'i18next';
import type { Hit } from '../search.js';
import type { Entry } from '../schema.js';
import { freshnessLine, hoursLines, reachLine } from './contactLines.js';
import { isolate, languageName, localized, phoneLink, type Style } from './formatEntry.js';

/**
 * One directory hit as a short markdown message: what, where, how to reach, when, how fresh. With
 * `buttons` the channel shows call buttons (see dialogs/callActions.ts): numbers are plain text,
 * kept readable left-to-right; elsewhere (SMS) each number is a tel: link.
 */
export function formatHit(hit: Hit, t: TFunction, style: Style, { buttons = false } = {}): string {
  const e: Entry = hit.entry;
  const lines: string[] = [`**${isolate(e.name, style)}**`];
  const summary = localized(e.summary, style.locale);
  if (summary) lines.push(summary.fallback ? `${summary.text} ${t('common.result.in-french')}` : summary.text);
  if (e.address) {
    const where = [e.address.street, [e.address.postalCode, e.address.town].filter(Boolean).join(' ')]
      .filter(Boolean)
      .join(', ');
    lines.push(`📍 ${isolate(where, style)}`);
  }
  for (const phone of e.phones) {
    const { display, href } = phoneLink(phone.number);
    const label = localized(phone.label, style.locale)?.text;
    const number = buttons ? isolate(display, style) : `[${isolate(display, style)}](${href})`;
    lines.push(`📞 ${number}${label ? ` — ${label}` : ''}${phone.sms ? ` ${t('common.result.sms')}` : ''}`);
  }
  const reach = reachLine(hit, t);
  if (reach) lines.push(reach);
  if (e.email) lines.push(`✉️ ${isolate(e.email, style)}`);
  if (e.website) lines.push(`🌐 ${isolate(e.website, style)}`);
  lines.push(...hoursLines(hit, t, style));
  if (e.appointmentOnly) lines.push(`📅 ${t('common.result.appointment')}`);
  if (e.languagesSpoken.length) lines.push(`🗣 ${e.languagesSpoken.map((c) => languageName(c, style.tag)).join(', ')}`);
  if (e.free) lines.push(`✅ ${t('common.result.free')}`);
  const caveat = localized(e.caveat, style.locale)?.text;
  if (caveat) lines.push(`⚠️ ${caveat}`);
  lines.push(freshnessLine(hit, t, style));
  return lines.join('  \n');
}
