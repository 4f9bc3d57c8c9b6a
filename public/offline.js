// Offline support for every public page (issue 18): registers the service worker, shows the date of
// the offline copy when there is no connection, and lists the contacts kept on this phone.
import { el, t } from './i18n.js';
import { formatPartialDate } from './partialDate.js';
import { savedContacts } from './saved.js';

export function registerWorker() {
  if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js').catch(() => undefined);
}

/** When offline: "Offline: copy of <date>" in `holder` (the date the cached data was fetched). */
export async function showCopyDate(holder, texts, lang) {
  if (navigator.onLine || !('caches' in window)) return false;
  const copy = await caches
    .match('/__passerelle/copy')
    .then((r) => r?.json())
    .catch(() => null);
  if (!copy?.date) return false;
  holder.textContent = t(texts, 'web.offline.copy', { date: formatPartialDate(copy.date.slice(0, 10), lang) });
  holder.hidden = false;
  return true;
}

/** The contacts kept on this phone, as a list (or the note that there are none). */
export function savedList(texts) {
  const list = savedContacts();
  if (!list.length) return el('p', {}, t(texts, 'web.saved.none'));
  return el(
    'ul',
    { class: 'saved', lang: 'fr', dir: 'ltr' },
    list.map((c) =>
      el(
        'li',
        {},
        el('strong', {}, c.name),
        ...c.phones.map((p) => [' ', el('a', { href: p.href, class: 'phone' }, p.display)]),
        c.address ? el('div', {}, c.address) : '',
      ),
    ),
  );
}
