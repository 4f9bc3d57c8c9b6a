import { LANGS, dirOf, el, isFrench, loadTexts, t, tNodes, unreviewed } from './i18n.js';
import { cautionKey, needsCall, siteList } from './entryCard.js';
import { listenButton, loadVoices } from './listen.js';
import { formatPartialDate } from './partialDate.js';
import { registerWorker, showCopyDate } from './offline.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const ids = (params.get('ids') ?? '').split(',').filter(Boolean).slice(0, 50);
const other = LANGS.some((l) => l.code === params.get('lang')) ? params.get('lang') : 'en';
const ui = params.get('ui') === 'en' ? 'en' : 'fr';

async function entries(lang) {
  return Promise.all(
    ids.map((id) =>
      fetch(`/api/directory/entries/${encodeURIComponent(id)}?lang=${lang}`).then((r) => (r.ok ? r.json() : null)),
    ),
  );
}

const tagOf = (code) => LANGS.find((l) => l.code === code)?.tag ?? code;
/** A date as each language writes it (month names, digits), never French words inside another language. */
const dated = (date) => (lng) => formatPartialDate(date, tagOf(lng));

/**
 * A text in French, then in the person's language when it has its own translation; each variable in a
 * <bdi> and, when a function of the language (a date), in that language's own format.
 */
function both(fr, xx, key, vars = {}) {
  const varsIn = (lng) =>
    Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, typeof v === 'function' ? v(lng) : v]));
  const french = el('span', { lang: 'fr', dir: 'ltr' }, ...tNodes(fr, key, varsIn('fr')));
  if (other === 'fr' || isFrench(xx, key)) return [french];
  return [
    french,
    el('span', { class: 'sep', 'aria-hidden': 'true' }, ' / '),
    el('span', { lang: other, dir: dirOf(other) }, ...tNodes(xx, key, varsIn(other))),
  ];
}

/** One listen button per language of the sheet (printing hides them). */
function listen(id, frTexts, xxTexts, voices) {
  const buttons = [listenButton(id, 'fr', frTexts, voices.fr)];
  if (other !== 'fr') buttons.push(listenButton(id, other, xxTexts, voices[other]));
  return el('p', { class: 'listen-row no-print' }, buttons);
}

function card(fr, xx, frTexts, xxTexts, voices) {
  const label = (key) => el('dt', {}, ...both(frTexts, xxTexts, key));
  const a = fr.address;
  const where = a ? [a.street, [a.postalCode, a.town].filter(Boolean).join(' ')].filter(Boolean).join(', ') : '';
  const summaries = [el('p', { lang: 'fr' }, fr.summary.text)];
  if (other !== 'fr' && xx && !xx.summary.fallback)
    summaries.push(el('p', { lang: other, dir: dirOf(other) }, xx.summary.text));
  const hours = fr.hours
    ? [
        fr.hours.osm ? el('span', { dir: 'ltr' }, fr.hours.osm) : '',
        fr.hours.note ? el('div', { lang: 'fr' }, fr.hours.note) : '',
        xx?.hours?.note && xx.hours.note !== fr.hours.note
          ? el('div', { lang: other, dir: dirOf(other) }, xx.hours.note)
          : '',
      ]
    : [];
  const notices = (fr.notices ?? []).map((n, i) => {
    const dates = { start: dated(n.start), end: dated(n.end) };
    const own = xx?.notices?.[i];
    return el(
      'p',
      { class: `notice ${n.kind}` },
      el('strong', {}, ...both(frTexts, xxTexts, `web.dir.entry.notice.${n.kind}`)),
      ' ',
      ...both(frTexts, xxTexts, 'web.dir.entry.notice.dates', dates),
      el('br'),
      el('span', { lang: 'fr' }, n.text.text),
      own && !own.text.fallback ? [' / ', el('span', { lang: other, dir: dirOf(other) }, own.text.text)] : '',
    );
  });
  const reportUrl = `${location.origin}/signaler/${encodeURIComponent(fr.id)}`;
  return el(
    'article',
    { class: 'card', 'data-id': fr.id },
    el('h2', { lang: 'fr' }, fr.name),
    listen(fr.id, frTexts, xxTexts, voices),
    ...notices,
    el('div', { class: 'bilingual' }, summaries),
    el(
      'dl',
      { class: 'details' },
      fr.phones.length
        ? [
            label('web.dir.entry.phone'),
            el(
              'dd',
              { class: 'big' },
              fr.phones.map((p) =>
                el('div', {}, el('a', { href: p.href, dir: 'ltr' }, p.display), p.label ? ` – ${p.label}` : ''),
              ),
            ),
          ]
        : [],
      where ? [label('web.dir.entry.address'), el('dd', { lang: 'fr' }, where)] : [],
      fr.sites?.length ? [label('web.dir.entry.sites'), el('dd', {}, siteList(fr, frTexts, 'fr'))] : [],
      fr.email ? [label('web.dir.entry.email'), el('dd', { dir: 'ltr' }, fr.email)] : [],
      fr.website ? [label('web.dir.entry.website'), el('dd', { dir: 'ltr' }, fr.website)] : [],
      hours.length ? [label('web.dir.entry.hours'), el('dd', {}, hours)] : [],
      fr.appointmentOnly ? [label('web.dir.entry.appointment'), el('dd', {}, '✓')] : [],
      fr.languagesSpoken.length
        ? [
            label('web.dir.entry.languages'),
            el('dd', {}, fr.languagesSpoken.map((l) => l.code.toUpperCase()).join(' · ')),
          ]
        : [],
    ),
    el(
      'p',
      { class: needsCall(fr) ? 'warning' : 'checked' },
      ...both(frTexts, xxTexts, 'web.dir.entry.checked', { date: dated(fr.verifiedAt) }),
      fr.freshness === 'very-old' ? [el('br'), ...both(frTexts, xxTexts, 'web.dir.entry.very-old')] : [],
      needsCall(fr) ? [el('br'), ...both(frTexts, xxTexts, cautionKey(fr))] : [],
    ),
    el('p', { class: 'report-link' }, ...both(frTexts, xxTexts, 'web.report.sheet-link', { url: reportUrl })),
  );
}

const [frTexts, xxTexts, frEntries, xxEntries, voices] = await Promise.all([
  loadTexts('fr'),
  loadTexts(other),
  entries('fr'),
  other === 'fr' ? [] : entries(other),
  loadVoices(),
]);
const uiTexts = ui === 'fr' ? frTexts : await loadTexts(ui);
document.title = t(frTexts, 'web.sheet.title');
$('print').textContent = t(uiTexts, 'web.sheet.print');
$('back').textContent = t(uiTexts, 'web.sheet.back');
$('back').href = `/annuaire?lang=${ui}`;
$('sheet-heading').replaceChildren(...both(frTexts, xxTexts, 'web.sheet.heading'));
// The person reads a machine translation nobody has checked yet: the sheet says so, in both languages.
if (other !== 'fr' && (await unreviewed(other)))
  $('sheet-heading').after(el('p', { class: 'notice', id: 'notice' }, ...both(frTexts, xxTexts, 'web.notice.sheet')));
const cards = frEntries.map((fr, i) => fr && card(fr, xxEntries[i], frTexts, xxTexts, voices)).filter(Boolean);
$('cards').replaceChildren(...(cards.length ? cards : [el('p', {}, t(uiTexts, 'web.sheet.empty'))]));
$('sheet-footer').replaceChildren(
  el('p', { class: 'emergency' }, ...both(frTexts, xxTexts, 'web.sheet.emergency')),
  el('p', {}, ...both(frTexts, xxTexts, 'web.sheet.prepared', { date: dated(new Date().toISOString()) })),
);
$('print').addEventListener('click', () => window.print());
await showCopyDate($('copy-date'), uiTexts, ui);
registerWorker();
document.body.dataset.ready = 'true';
