import { el, t } from './i18n.js';
import { listenButton } from './listen.js';
import { formatPartialDate } from './partialDate.js';

/** "lundi 09:00" from a Paris wall-clock "YYYY-MM-DDTHH:mm". */
export function formatWhen(wallClock, lang) {
  const d = new Date(`${wallClock}:00Z`);
  return Number.isNaN(d.getTime())
    ? wallClock
    : new Intl.DateTimeFormat(lang, { weekday: 'long', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }).format(d);
}

export const needsCall = (entry) => entry.stale || entry.status === 'needs-verification';

/** "Call before going" is for places one goes to; for a phone line, that the number may have changed. */
export const cautionKey = (entry) =>
  entry.reach === 'phone' ? 'web.dir.entry.number-check' : 'web.dir.entry.call-first';

function row(label, ...values) {
  return [el('dt', { text: label }), el('dd', {}, ...values)];
}

export function phoneLinks(entry, texts) {
  return entry.phones.map((p) =>
    el(
      'span',
      { class: 'phone' },
      el('a', { href: p.href, dir: 'ltr' }, p.display),
      p.label ? ` – ${p.label}` : '',
      p.sms ? ` (${t(texts, 'web.dir.entry.sms')})` : '',
    ),
  );
}

export function hoursStatus(entry, texts, lang) {
  const h = entry.hours;
  if (!h) return [];
  const state = h.open === true ? 'open' : h.open === false ? 'closed' : 'open-unknown';
  return [
    el('span', { class: `badge ${state}` }, t(texts, `web.dir.entry.${state}`)),
    h.nextChange ? ` ${t(texts, 'web.dir.entry.next-change', { when: formatWhen(h.nextChange, lang) })}` : '',
    h.osm ? el('div', { class: 'osm', dir: 'ltr' }, h.osm) : '',
    h.note ? el('div', {}, h.note) : '',
  ];
}

/** Every contact detail of one entry, for the directory page. */
export function entryDetails(entry, texts, lang) {
  const a = entry.address;
  const where = a ? [a.street, [a.postalCode, a.town].filter(Boolean).join(' ')].filter(Boolean).join(', ') : '';
  return el(
    'dl',
    { class: 'details' },
    entry.phones.length ? row(t(texts, 'web.dir.entry.phone'), ...phoneLinks(entry, texts)) : [],
    where ? row(t(texts, 'web.dir.entry.address'), where) : [],
    entry.email ? row(t(texts, 'web.dir.entry.email'), el('a', { href: `mailto:${entry.email}` }, entry.email)) : [],
    entry.website
      ? row(
          t(texts, 'web.dir.entry.website'),
          el('a', { href: entry.website, rel: 'noreferrer noopener', target: '_blank' }, entry.website),
        )
      : [],
    entry.hours ? row(t(texts, 'web.dir.entry.hours'), ...hoursStatus(entry, texts, lang)) : [],
    entry.appointmentOnly ? row(t(texts, 'web.dir.entry.appointment'), '✓') : [],
    entry.languagesSpoken.length
      ? row(t(texts, 'web.dir.entry.languages'), entry.languagesSpoken.map((l) => l.name).join(', '))
      : [],
    entry.free ? row(t(texts, 'web.dir.entry.free'), '✓') : [],
    entry.caveat ? row(t(texts, 'web.dir.entry.caveat'), entry.caveat) : [],
    entry.themes.length ? row(t(texts, 'web.dir.entry.themes'), entry.themes.map((x) => x.label).join(' · ')) : [],
  );
}

/** One search result: selectable, with details, freshness warning, sources and vCard. */
export function entryCard(entry, texts, lang, { selected, onToggle, level = 'h3', heard }) {
  const headingId = `e-${entry.id.replace(/[^\w-]/g, '-')}`;
  const box = el('input', {
    type: 'checkbox',
    id: `sel-${headingId}`,
    checked: selected,
    onchange: (e) => onToggle(entry, e.target.checked),
  });
  const checked = t(texts, 'web.dir.entry.checked', { date: formatPartialDate(entry.verifiedAt, lang) });
  return el(
    'li',
    {},
    el(
      'article',
      { class: 'entry', 'aria-labelledby': headingId, 'data-id': entry.id },
      el(
        'div',
        { class: 'entry-head' },
        box,
        el(
          'label',
          { for: `sel-${headingId}`, class: 'visually-hidden' },
          t(texts, 'web.dir.entry.select', { name: entry.name }),
        ),
        el(level, { id: headingId, lang: 'fr' }, entry.name),
      ),
      listenButton(entry.id, lang, texts, heard),
      entry.organization ? el('p', { class: 'org', lang: 'fr' }, entry.organization) : '',
      entry.distanceKm > 0
        ? el('p', { class: 'distance' }, t(texts, 'web.dir.entry.distance', { km: entry.distanceKm }))
        : '',
      needsCall(entry)
        ? el('p', { class: 'warning' }, `⚠ ${checked}. ${t(texts, cautionKey(entry))}`)
        : el('p', { class: 'checked' }, checked),
      el(
        'p',
        { class: 'summary', lang: entry.summary.lang },
        entry.summary.text,
        entry.summary.fallback ? ` ${t(texts, 'web.dir.entry.in-french')}` : '',
      ),
      entryDetails(entry, texts, lang),
      el(
        'details',
        { class: 'sources' },
        el('summary', {}, t(texts, 'web.dir.entry.sources')),
        el(
          'ul',
          {},
          entry.sources.map((s) =>
            el(
              'li',
              {},
              el('a', { href: s.url, rel: 'noreferrer noopener', target: '_blank' }, s.title),
              ` (${s.date})`,
            ),
          ),
        ),
      ),
      el(
        'a',
        {
          class: 'vcard',
          href: `/api/directory/entries/${encodeURIComponent(entry.id)}/vcard`,
          download: `${entry.id}.vcf`,
        },
        t(texts, 'web.dir.entry.vcard', { name: entry.name }),
      ),
    ),
  );
}
