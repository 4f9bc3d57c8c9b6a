import { ActionTypes, ActivityTypes, CardFactory, type Activity } from 'botbuilder';
import type { TFunction } from 'i18next';
import type { Output } from '../engine/step.js';
import { formatPartialDate, type Style } from '../directory/present/formatEntry.js';
import { renewalStatus, renewalWindow, type RenewalWindow, type TitleKind } from '../common/renewal.js';

/** The rule and the page explaining its consequences, shown under the computed dates. */
export const RENEWAL_SOURCES = [
  {
    url: 'https://www.doctrine.fr/l/texts/codes/LEGITEXT000006070158/articles/LEGIARTI000042806998?version=LEGIARTI000043292776',
    date: '2021-05-01',
  },
  {
    url: 'https://www.info-droits-etrangers.org/renouvellement-des-titres-de-sejour-delais-et-maintien-des-droits',
    date: '2025',
  },
];

export interface RenewalContext {
  t: TFunction;
  style: Style;
  /** Today, YYYY-MM-DD (the bot's clock). */
  today: string;
  /** Whether the channel shows buttons (the calendar file is a link button). */
  buttons: boolean;
}

/** The calendar file of a window: a stateless link, its query only the expiry, the kind and the language. */
export function calendarUrl(window: RenewalWindow, locale: string): string {
  return `/api/renewal.ics?${new URLSearchParams({ expiry: window.expiry, kind: window.kind, lng: locale })}`;
}

/** `typed`: the date as given ("2027-03" stays a month: the card's day is not known). */
function windowText(w: RenewalWindow, typed: string, { t, style }: RenewalContext): string {
  const day = (d: string) => formatPartialDate(d, style);
  return t(`rights.renew-result.${w.kind}`, { expiry: day(typed), opens: day(w.opens), closes: day(w.closes) });
}

/**
 * The answer to "when must I renew?": the window(s) for the title kind, where today stands, the
 * sources, and a calendar file with two reminders when the window is still ahead or open.
 */
export function renderRenewal(out: Extract<Output, { type: 'renewal' }>, ctx: RenewalContext): Partial<Activity>[] {
  const { t, style, today } = ctx;
  const expiry = out.expiry.length === 7 ? `${out.expiry}-01` : out.expiry;
  const kinds: TitleKind[] = out.title === 'anef' || out.title === 'other' ? [out.title] : ['anef', 'other'];
  const windows = kinds.map((kind) => renewalWindow(expiry, kind));
  const statuses = new Set(windows.map((w) => renewalStatus(w, today)));
  // Title kind unknown and the two windows stand differently today: the dates say it, no verdict.
  const status = statuses.size === 1 ? [...statuses][0] : undefined;
  const lines: string[] = [];
  if (status === 'absurd' || status === 'expired') {
    lines.push(t(`rights.renew-status.${status}`, { expiry: formatPartialDate(out.expiry, style) }));
  } else {
    if (out.expiry.length === 7)
      lines.push(t('rights.renew-month-only', { month: formatPartialDate(out.expiry, style) }));
    if (kinds.length > 1) lines.push(t('rights.renew-result.unknown'));
    lines.push(...windows.map((w) => windowText(w, out.expiry, ctx)));
    if (status) lines.push(t(`rights.renew-status.${status}`));
    lines.push(t('rights.renew-missed'));
  }
  lines.push(...RENEWAL_SOURCES.map((s) => t('common.source', { url: s.url, date: formatPartialDate(s.date, style) })));
  const text: Partial<Activity> = {
    type: ActivityTypes.Message,
    text: lines.join('\n\n'),
    textFormat: 'markdown',
    locale: style.tag,
  };
  if (!ctx.buttons) return [text];
  const buttons = windows
    .filter((w) => w.remind >= today && ['ahead', 'open'].includes(renewalStatus(w, today)))
    .map((w) => ({
      type: ActionTypes.OpenUrl,
      title: t(kinds.length > 1 ? `rights.renew-calendar.${w.kind}` : 'rights.renew-calendar'),
      value: calendarUrl(w, style.locale),
    }));
  if (!buttons.length) return [text];
  return [{ ...text, attachments: [CardFactory.heroCard('', undefined, buttons)] }];
}
