import { ActionTypes, CardFactory, type Attachment, type CardAction } from 'botbuilder';
import type { TFunction } from 'i18next';
import type { Entry } from '../directory/schema.js';
import { isolate, memoText, phoneLink, type Style } from '../directory/present/formatEntry.js';

type Phone = Entry['phones'][number];

/**
 * A phone number as a button: a Bot Framework `call` action (value `tel:…`), or for a number that
 * takes text messages (114: no voice call) an `sms:` link. The title shows the number, isolated so
 * that it stays left-to-right in right-to-left text; the value never holds a bidi control.
 */
export function phoneAction(phone: Phone, title: string): CardAction {
  return phone.sms
    ? { type: ActionTypes.OpenUrl, title, value: `sms:${phone.number}` }
    : { type: ActionTypes.Call, title, value: `tel:${phone.number}` };
}

/** "📞 Call 04 92 40 61 61" or "💬 Text 114", in the user's language. */
export function phoneTitle(phone: Phone, t: TFunction, style: Style): string {
  const key = phone.sms ? 'common.sms' : 'common.call';
  // Built once per number and language: contacts come back turn after turn.
  return memoText(t, `${key}\u0000${style.tag}\u0000${phone.number}`, () =>
    t(key, { number: isolate(phoneLink(phone.number).display, style) }),
  );
}

/** A card with one call (or SMS) button per phone number of an entry; none without numbers. */
export function contactCard(entry: Entry, t: TFunction, style: Style): Attachment | undefined {
  if (!entry.phones.length) return undefined;
  return CardFactory.heroCard(
    '',
    undefined,
    entry.phones.map((p) => phoneAction(p, phoneTitle(p, t, style))),
  );
}
