import { ActionTypes, CardFactory, type Activity } from 'botbuilder';
import type { TFunction } from 'i18next';
import type { Style } from '../directory/present/formatEntry.js';

/** What the counter card shows, as ids the page resolves itself (texts, town, entries). */
export interface CardPayload {
  /** Node naming the need (GET /api/i18n/:lng/needs). */
  n?: string;
  /** INSEE code of the town. */
  c?: string;
  /** The user's language. */
  l: string;
  /** Directory entries shown. */
  e: string[];
}

/** The card's address: everything after `#`, which browsers never send to the server. */
export function cardUrl(payload: CardPayload): string {
  return `/carte#${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
}

/**
 * Under a list of contacts, a button opening the "show this at the counter" card for these
 * contacts; only where the channel shows buttons (the card is a web page).
 */
export function addCounterCard(
  activities: Partial<Activity>[],
  from: number,
  {
    t,
    style,
    commune,
    need,
    buttons,
  }: { t: TFunction; style: Style; commune?: string; need?: string; buttons: boolean },
): void {
  if (!buttons) return;
  const shown = activities.slice(from).filter((a) => typeof (a.channelData as { entry?: unknown })?.entry === 'string');
  if (!shown.length) return;
  const entries = shown.map((a) => (a.channelData as { entry: string }).entry);
  const payload: CardPayload = {
    ...(need ? { n: need } : {}),
    ...(commune && commune !== 'elsewhere' ? { c: commune } : {}),
    l: style.locale,
    e: entries.slice(0, 5),
  };
  const button = { type: ActionTypes.OpenUrl, title: t('common.card.button'), value: cardUrl(payload) };
  // Under the last contact, so the list keeps one message per contact.
  const last = shown.at(-1)!;
  // On the contact's own card (its call and report buttons) when it has one.
  const hero = last.attachments?.find((a) => a.contentType === CardFactory.contentTypes.heroCard);
  const content = hero?.content as { buttons?: unknown[] } | undefined;
  if (content) (content.buttons ??= []).push(button);
  else last.attachments = [...(last.attachments ?? []), CardFactory.heroCard('', undefined, [button])];
}
