import { ActionTypes, type Activity, type CardAction } from 'botbuilder';
import type { TFunction } from 'i18next';
import type { Style } from '../directory/present/formatEntry.js';

/** Where people report a problem with one entry: the report page, in their language. */
export function reportUrl(entryId: string, locale: string, publicUrl = ''): string {
  return `${publicUrl}/signaler/${encodeURIComponent(entryId)}?lang=${encodeURIComponent(locale)}`;
}

/** The "report a problem" button of a contact card. */
export function reportAction(entryId: string, t: TFunction, style: Style, publicUrl?: string): CardAction {
  const url = reportUrl(entryId, style.locale, publicUrl);
  return { type: ActionTypes.OpenUrl, title: `⚑ ${t('common.result.report')}`, value: url };
}

const HERO = 'application/vnd.microsoft.card.hero';

/**
 * Adds the report action to a contact's message: a button on a hero card of the message (added to
 * the card's buttons when one is there already, e.g. call buttons); a link in the text on channels
 * without buttons when the server's public address is known.
 */
export function withReportAction(
  activity: Partial<Activity>,
  entryId: string,
  ctx: { t: TFunction; style: Style; publicUrl?: string },
  buttons: boolean,
): void {
  const action = reportAction(entryId, ctx.t, ctx.style, ctx.publicUrl);
  if (!buttons) {
    if (ctx.publicUrl) activity.text = `${activity.text ?? ''}  \n⚑ ${ctx.t('common.result.report')} — ${action.value}`;
    return;
  }
  const attachments = (activity.attachments ??= []);
  let card = attachments.find((a) => a.contentType === HERO);
  if (!card) attachments.push((card = { contentType: HERO, content: { buttons: [] } }));
  const content = card.content as { buttons?: CardAction[] };
  (content.buttons ??= []).push(action);
}
