import { ActionTypes, type CardAction } from 'botbuilder';
import type { TFunction } from 'i18next';

/** Chips shown at once: more take too much of a phone screen from the answer. */
export const MAX_CHIPS = 4;
const PER_PAGE = MAX_CHIPS - 1;

/** The page of chips a "more" chip asks for: a button value, never typed. */
export interface PageValue {
  page: number;
}

export const isPageValue = (value: unknown): value is PageValue =>
  typeof value === 'object' &&
  value !== null &&
  Number.isInteger((value as { page?: unknown }).page) &&
  (value as PageValue).page >= 0;

/**
 * A menu's chips, at most four: all when they fit, else three and a "more" chip that shows the
 * next three (and, on the last page, the first ones again). Each chip sends its label, so every
 * choice stays answerable by label or number whatever page is shown.
 */
export function choiceChips(labels: string[], page: number, t: TFunction): CardAction[] {
  const chip = (label: string): CardAction => ({ type: ActionTypes.ImBack, title: label, value: label });
  if (labels.length <= MAX_CHIPS) return labels.map(chip);
  const pages = Math.ceil(labels.length / PER_PAGE);
  const at = page % pages;
  const last = at === pages - 1;
  return [
    ...labels.slice(at * PER_PAGE, (at + 1) * PER_PAGE).map(chip),
    {
      type: ActionTypes.PostBack,
      title: t(last ? 'common.choices.first' : 'common.choices.more'),
      value: { page: last ? 0 : at + 1 } satisfies PageValue,
    },
  ];
}
