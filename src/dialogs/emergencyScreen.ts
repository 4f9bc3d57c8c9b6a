import { CardFactory, type Activity, type CardAction } from 'botbuilder';
import type { TFunction } from 'i18next';
import { formatEmergencyLine, isolate, type Style } from '../directory/present/formatEntry.js';
import type { Entry } from '../directory/schema.js';
import { phoneAction, phoneTitle } from './callActions.js';

/** A button for an emergency number: what it is for when the catalog says it ("🚑 15 · SAMU"), else "Call 15". */
function emergencyAction(entry: Entry, t: TFunction, style: Style): CardAction | undefined {
  const phone = entry.phones[0];
  if (!phone) return undefined;
  const key = `common.emergency.button.${phone.number}`;
  const title = t(key, { number: isolate(phone.number, style) });
  return phoneAction(phone, title === key ? phoneTitle(phone, t, style) : title);
}

/**
 * The emergency screen. With buttons: one message, so that a phone shows it from its start: a short
 * line, the call buttons of the `lead` numbers, then a card saying what each number is for, with
 * buttons for the others. Without buttons (SMS): the short line and every number with what it is for.
 */
export function emergencyScreen(
  entries: readonly Entry[],
  lead: readonly string[],
  title: string,
  buttons: boolean,
  t: TFunction,
  style: Style,
): { text: string; extra?: Partial<Activity> } {
  const lines = entries.map((e) => formatEmergencyLine(e, style, { buttons }));
  if (!buttons) return { text: [title, ...lines].join('\n\n') };
  const number = (e: Entry) => e.phones[0]?.number ?? '';
  const first = lead.flatMap((n) => entries.filter((e) => number(e) === n));
  const rest = entries.filter((e) => !first.includes(e));
  const actions = (list: readonly Entry[]) =>
    list.map((e) => emergencyAction(e, t, style)).filter((a) => a !== undefined);
  return {
    text: title,
    extra: {
      attachments: [
        CardFactory.heroCard('', undefined, actions(first)),
        CardFactory.heroCard(t('common.emergency.details'), lines.join('\n\n'), undefined, actions(rest)),
      ],
    },
  };
}
