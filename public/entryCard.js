import { el, t } from './i18n.js';
import { listenButton } from './listen.js';
import { formatPartialDate } from './partialDate.js';
import { reportForm } from './reportForm.js';

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
/** The freshness line of the one rule (server side): checked date, "call before going", "very old information". */
export function freshnessLine(entry, texts, lang) {
  const last = entry.lastVerification;
  const checked =
    last?.method === 'service' && last.date === entry.verifiedAt
      ? t(texts, 'web.dir.entry.confirmed', { date: formatPartialDate(entry.verifiedAt, lang) })
      : t(texts, 'web.dir.entry.checked', { date: formatPartialDate(entry.verifiedAt, lang) });
  const level = entry.freshness ?? (entry.stale ? 'call-first' : 'fresh');
  if (level === 'very-old')
    return el(
      'p',
      { class: 'warning very-old', 'data-freshness': level },
      `⚠ ${t(texts, 'web.dir.entry.very-old')} ${checked}. ${t(texts, cautionKey(entry))}`,
    );
  if (needsCall(entry))
    return el('p', { class: 'warning', 'data-freshness': level }, `⚠ ${checked}. ${t(texts, cautionKey(entry))}`);
  return el('p', { class: `checked ${level}`, 'data-freshness': level }, checked);
}

/** Notices in force (closure, move, holiday hours, information), with their dates. */
export function noticeList(entry, texts, lang) {
  return (entry.notices ?? []).map((n) =>
    el(
      'p',
      { class: `notice ${n.kind}`, role: 'note' },
      el('strong', {}, t(texts, `web.dir.entry.notice.${n.kind}`)),
      ` (${t(texts, 'web.dir.entry.notice.dates', { start: formatPartialDate(n.start, lang), end: formatPartialDate(n.end, lang) })}) — `,
      el('span', { lang: n.text.fallback ? 'fr' : lang }, n.text.text),
      n.text.fallback ? ` ${t(texts, 'web.dir.entry.in-french')}` : '',
    ),
  );
}

/** Which source says a contact fact: "official source" or the site's name. */
export function attestedBy(entry, index, texts) {
  const s = index === undefined || index === null ? undefined : entry.sources?.[index];
  if (!s) return '';
  const name = s.official ? t(texts, 'web.dir.entry.official') : s.site;
  return el('small', { class: 'attested' }, ` (${t(texts, 'web.dir.entry.attested', { source: name })})`);
}

/** The places of a service held in several towns, nearest first, each with its days and status. */
export function siteList(entry, texts, lang) {
  return el(
    'ul',
    { class: 'sites' },
    (entry.sites ?? []).map((site) => {
      const a = site.address;
      const where = [site.name, a.street, [a.postalCode, a.town].filter(Boolean).join(' ')].filter(Boolean).join(', ');
      const state = site.open === true ? 'open' : site.open === false ? 'closed' : '';
      return el(
        'li',
        { lang: 'fr' },
        where,
        site.days ? el('div', { lang: site.days.fallback ? 'fr' : lang }, site.days.text) : '',
        site.hours ? el('div', { class: 'osm', dir: 'ltr' }, site.hours) : '',
        state ? el('span', { class: `badge ${state}` }, t(texts, `web.dir.entry.${state}`)) : '',
        site.nextChange ? ` ${t(texts, 'web.dir.entry.next-change', { when: formatWhen(site.nextChange, lang) })}` : '',
        site.appointmentOnly ? el('div', {}, t(texts, 'web.dir.entry.appointment')) : '',
      );
    }),
  );
}

function row(label, ...values) {
  return [el('dt', { text: label }), el('dd', {}, ...values)];
}

export function phoneLinks(entry, texts) {
  return entry.phones.map((p, i) =>
    el(
      'span',
      { class: 'phone' },
      el('a', { href: p.href, dir: 'ltr' }, p.display),
      p.label ? ` – ${p.label}` : '',
      p.sms ? ` (${t(texts, 'web.dir.entry.sms')})` : '',
      attestedBy(entry, entry.attestedBy?.phones?.[i], texts),
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
    where ? row(t(texts, 'web.dir.entry.address'), where, attestedBy(entry, entry.attestedBy?.address, texts)) : [],
    entry.sites?.length ? row(t(texts, 'web.dir.entry.sites'), siteList(entry, texts, lang)) : [],
    entry.email
      ? row(
          t(texts, 'web.dir.entry.email'),
          el('a', { href: `mailto:${entry.email}` }, entry.email),
          attestedBy(entry, entry.attestedBy?.email, texts),
        )
      : [],
    entry.website
      ? row(
          t(texts, 'web.dir.entry.website'),
          el('a', { href: entry.website, rel: 'noreferrer noopener', target: '_blank' }, entry.website),
          attestedBy(entry, entry.attestedBy?.website, texts),
        )
      : [],
    entry.hours
      ? row(
          t(texts, 'web.dir.entry.hours'),
          ...hoursStatus(entry, texts, lang),
          attestedBy(entry, entry.attestedBy?.hours, texts),
        )
      : [],
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
      ...noticeList(entry, texts, lang),
      freshnessLine(entry, texts, lang),
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
              // A service's confirmation (urn:passerelle:…) has no page to open.
              /^https?:/i.test(s.url)
                ? el('a', { href: s.url, rel: 'noreferrer noopener', target: '_blank' }, s.title)
                : el('span', {}, s.title),
              ` (${s.date}) — `,
              s.official ? el('strong', {}, t(texts, 'web.dir.entry.official')) : s.site,
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
      el(
        'details',
        { class: 'report' },
        el('summary', {}, t(texts, 'web.report.title')),
        reportForm(entry.id, texts, lang),
      ),
    ),
  );
}
