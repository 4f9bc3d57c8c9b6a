import type { TFunction } from 'i18next';
import { formatPartialDate, memoText, type Style } from '../directory/present/formatEntry.js';
import { isOfficialSource, sourceSite } from '../directory/sourceKind.js';

/** A tree's message with its dated sources, in one language: the same for every user. */
export function staticText(
  key: string,
  sources: { url: string; date: string }[] | undefined,
  t: TFunction,
  ctx: { style: Style; officialDomains?: readonly string[] },
): string {
  const { style } = ctx;
  const id = `${style.tag}\u0000${key}\u0000${(sources ?? []).map((s) => `${s.url} ${s.date}`).join('\u0000')}`;
  // "Official source" only for the State's and public bodies' pages; any other page is cited by its site's name.
  const cite = (s: { url: string; date: string }) => {
    const date = formatPartialDate(s.date, style);
    return isOfficialSource(s.url, ctx.officialDomains ?? [])
      ? t('common.source', { url: s.url, date })
      : t('common.source-other', { site: sourceSite(s.url), url: s.url, date });
  };
  return memoText(t, id, () => [t(key), ...(sources ?? []).map(cite)].join('\n\n'));
}
