import type { TFunction } from 'i18next';
import type { Hit } from '../search.js';
import type { Entry } from '../schema.js';
import { freshnessLine, hoursLines, reachLine } from './contactLines.js';
import { escapeMarkdown, isolate, languageName, lineFormat, localized, phoneLink, type Style } from './formatEntry.js';
import { noticeLines, siteLines } from './truthLines.js';

/**
 * One directory hit as a short markdown message: what, where, how to reach, when, how fresh. With
 * `buttons` the channel shows call buttons (see dialogs/callActions.ts): numbers are plain text,
 * kept readable left-to-right; elsewhere (SMS) each number is a tel: link.
 */
export function formatHit(hit: Hit, t: TFunction, style: Style, { buttons = false } = {}): string {
  const e: Entry = hit.entry;
  const lines: string[] = [`**${isolate(escapeMarkdown(e.name), style)}**`];
  const summary = localized(e.summary, style.locale);
  if (summary) {
    const text = escapeMarkdown(summary.text);
    lines.push(summary.fallback ? `${text} ${t('common.result.in-french')}` : text);
  }
  if (e.address) {
    const where = [e.address.street, [e.address.postalCode, e.address.town].filter(Boolean).join(' ')]
      .filter(Boolean)
      .join(', ');
    lines.push(`📍 ${isolate(escapeMarkdown(where), style)}`);
  }
  const f = lineFormat(t, style);
  lines.push(...siteLines(hit, t, f));
  for (const phone of e.phones) {
    const { display, href } = phoneLink(phone.number);
    const label = escapeMarkdown(localized(phone.label, style.locale)?.text ?? '');
    const number = buttons ? isolate(display, style) : `[${isolate(display, style)}](${href})`;
    lines.push(`📞 ${number}${label ? ` — ${label}` : ''}${phone.sms ? ` ${t('common.result.sms')}` : ''}`);
  }
  const reach = reachLine(hit, t);
  if (reach) lines.push(reach);
  if (e.email) lines.push(`✉️ ${isolate(escapeMarkdown(e.email, true), style)}`);
  if (e.website) lines.push(`🌐 ${isolate(escapeMarkdown(e.website, true), style)}`);
  lines.push(...hoursLines(hit, t, style));
  if (e.appointmentOnly) lines.push(`📅 ${t('common.result.appointment')}`);
  if (e.languagesSpoken.length) lines.push(`🗣 ${e.languagesSpoken.map((c) => languageName(c, style.tag)).join(', ')}`);
  if (e.free) lines.push(`✅ ${t('common.result.free')}`);
  const caveat = localized(e.caveat, style.locale)?.text;
  if (caveat) lines.push(`⚠️ ${escapeMarkdown(caveat)}`);
  lines.push(...noticeLines(hit, t, f));
  lines.push(freshnessLine(hit, t, style));
  return lines.join('  \n');
}
