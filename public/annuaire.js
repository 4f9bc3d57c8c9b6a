import { LANGS, applyTexts, browserLanguage, dirOf, el, loadTexts, t, unreviewed } from './i18n.js';
import { entryCard } from './entryCard.js';
import { loadVoices } from './listen.js';
import { registerWorker, showCopyDate } from './offline.js';

// Languages people ask for most locally (data, named by the browser in the page language).
const SPOKEN = ['ar', 'en', 'es', 'fa', 'it', 'ps', 'ru', 'ti', 'uk', 'de', 'pt', 'tr', 'sq', 'ka', 'so'];
const GROUPS = ['commune', 'nearby', 'area', 'national'];
const KEY = 'passerelle.annuaire.selection';
const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const ui = ['fr', 'en'].includes(params.get('lang')) ? params.get('lang') : browserLanguage() === 'en' ? 'en' : 'fr';
const selection = new Map(JSON.parse(sessionStorage.getItem(KEY) ?? '[]'));
let texts = {};
let communes = [];
let pending;
/** The last search sent with source=annuaire: the same search committed twice is counted once. */
let counted = '';

/** Accent- and case-insensitive form of a commune name or what is typed ("st" for "saint"). */
const fold = (s) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .replace(/\bst\b/g, 'saint')
    .trim();

/** The commune a value names exactly (name, INSEE code or postal code), if any. */
const communeOf = (value) => {
  const v = fold(value);
  return communes.find((c) => fold(c.name) === v || c.code === v || c.postalCodes.includes(v));
};

function filters() {
  const q = new URLSearchParams({ lang: ui, limit: '100' });
  const form = $('search');
  for (const name of ['q', 'theme', 'languages']) if (form[name].value.trim()) q.set(name, form[name].value.trim());
  const commune = communeOf(form.commune.value);
  if (commune) q.set('commune', commune.code);
  if (form.openNow.checked) q.set('openNow', 'true');
  return q;
}

/** Why a search failed, in the page's language: never the API's English message. */
function failure(status, body) {
  if (body?.code === 'unknown-commune')
    return t(texts, 'web.dir.error.unknown-commune', { commune: $('commune').value });
  if (status >= 400 && status < 500) return t(texts, 'web.dir.error.invalid');
  return t(texts, status ? 'web.dir.error.server' : 'web.dir.error.network');
}

/** Why nothing was found, and what to change. */
function emptyHints(query) {
  const hints = [t(texts, 'web.dir.results.none')];
  if (query.has('languages')) hints.push(t(texts, 'web.dir.results.none-language'));
  if (query.has('openNow')) hints.push(t(texts, 'web.dir.results.none-open'));
  return hints.join(' ');
}

let heard;
const card = (e, level) => entryCard(e, texts, ui, { selected: selection.has(e.id), onToggle: toggle, level, heard });

/** The results, under "in your commune / nearby / for a wider area / national" when a commune was given. */
function showResults(results) {
  if (!results.some((e) => e.group)) return $('results').replaceChildren(...results.map((e) => card(e, 'h3')));
  $('results').replaceChildren(
    ...GROUPS.filter((g) => results.some((e) => e.group === g)).map((g) =>
      el(
        'li',
        { class: 'group' },
        el('h3', { class: 'group-title', id: `group-${g}` }, t(texts, `web.dir.group.${g}`)),
        el(
          'ol',
          { class: 'results', 'aria-labelledby': `group-${g}` },
          ...results.filter((e) => e.group === g).map((e) => card(e, 'h4')),
        ),
      ),
    ),
  );
}

/**
 * A committed search (Enter, the button, a filter chosen) says source=annuaire: the server counts it,
 * anonymously, for the steering committee. Searches while typing and the first, empty list do not.
 */
function sent(query, commit) {
  const key = query.toString();
  const filtered = ['q', 'theme', 'commune', 'languages', 'openNow'].some((name) => query.has(name));
  if (!commit || !filtered || key === counted) return query;
  counted = key;
  return new URLSearchParams([...query, ['source', 'annuaire']]);
}

async function search({ commit = false } = {}) {
  const query = filters();
  $('csv').href = `/api/directory/export.csv?${query}`;
  $('count').textContent = t(texts, 'web.dir.results.loading');
  pending?.abort();
  pending = new AbortController();
  let status = 0;
  try {
    const res = await fetch(`/api/directory/search?${sent(query, commit)}`, { signal: pending.signal });
    status = res.status;
    const body = await res.json().catch(() => undefined);
    if (!res.ok || !body) throw Object.assign(new Error('search failed'), { body });
    $('count').textContent = body.total ? t(texts, 'web.dir.results.count', { count: body.total }) : emptyHints(query);
    heard = (await loadVoices())[ui];
    showResults(body.results);
  } catch (err) {
    if (err.name === 'AbortError') return;
    if (!status && (await searchOffline(query))) return;
    // Never leave the previous results under an error: they would look like the answer.
    $('results').replaceChildren();
    $('count').textContent = failure(status, err.body);
  }
}

/** No connection: the same search in the copy kept on this phone, said to be simpler. False if there is no copy. */
async function searchOffline(query) {
  try {
    const { searchCopy } = await import('./offlineSearch.js');
    const body = await searchCopy(query, communes);
    const count = body.total
      ? t(texts, 'web.dir.results.count', { count: body.total })
      : t(texts, 'web.dir.results.none');
    $('count').textContent = `${count} ${t(texts, 'web.dir.offline.search')}`;
    heard = undefined;
    showResults(body.results);
    return true;
  } catch {
    return false;
  }
}

function toggle(entry, on) {
  if (on) selection.set(entry.id, entry.name);
  else selection.delete(entry.id);
  showSelection();
}

function showSelection() {
  sessionStorage.setItem(KEY, JSON.stringify([...selection]));
  const ids = [...selection.keys()].join(',');
  $('selection').hidden = selection.size === 0;
  $('selection-count').textContent = t(texts, 'web.dir.selection.count', { count: selection.size });
  $('sheet').href = `/annuaire/fiche?${new URLSearchParams({ ids, lang: $('sheet-language').value, ui })}`;
  $('vcards').href = `/api/directory/export.vcf?${new URLSearchParams({ ids })}`;
}

/** Up to ten communes starting with (or containing) what is typed, or with that postal code. */
function suggestCommunes() {
  const typed = fold($('commune').value);
  const starts = communes.filter(
    (c) => fold(c.name).startsWith(typed) || c.postalCodes.some((p) => p.startsWith(typed)),
  );
  const inside = communes.filter((c) => !starts.includes(c) && fold(c.name).includes(typed));
  $('communes').replaceChildren(
    ...(typed ? [...starts, ...inside] : [])
      .slice(0, 10)
      .map((c) => el('option', { value: c.name }, `${c.name} (${c.postalCodes.join(', ')})`)),
  );
}

function fillLanguages(spoken) {
  const names = new Intl.DisplayNames([ui], { type: 'language' });
  const count = new Map(spoken.languages.map((l) => [l.code, l.count]));
  const codes = [...new Set([...SPOKEN, ...count.keys()])];
  const options = codes.map((code) => [code, names.of(code) ?? code]).sort((a, b) => a[1].localeCompare(b[1], ui));
  $('languages').replaceChildren(
    el('option', { value: '' }, t(texts, 'web.dir.filter.all')),
    ...options.map(([code, name]) =>
      el('option', { value: code }, t(texts, 'web.dir.filter.language-option', { name, count: count.get(code) ?? 0 })),
    ),
  );
  $('languages-help').textContent = t(texts, 'web.dir.filter.language-help', spoken);
}

async function fillFilters() {
  const [themes, list, spoken] = await Promise.all([
    fetch(`/api/directory/themes?lang=${ui}`).then((r) => r.json()),
    fetch('/api/directory/communes').then((r) => r.json()),
    fetch('/api/directory/languages').then((r) => r.json()),
  ]);
  communes = list;
  $('theme').replaceChildren(
    el('option', { value: '' }, t(texts, 'web.dir.filter.all')),
    ...themes.map((x) => el('option', { value: x.id }, x.label)),
  );
  fillLanguages(spoken);
  const sheetLang = sessionStorage.getItem(`${KEY}.lang`) ?? 'ar';
  $('sheet-language').replaceChildren(
    ...LANGS.map(({ code }) =>
      el(
        'option',
        { value: code, lang: code, dir: dirOf(code), selected: code === sheetLang },
        texts[`web.language.${code}`],
      ),
    ),
  );
  $('ui-language').replaceChildren(
    ...['fr', 'en'].map((code) =>
      el(
        'a',
        { href: `?lang=${code}`, lang: code, 'aria-current': code === ui ? 'page' : undefined },
        texts[`web.language.${code}`],
      ),
    ),
  );
}

document.documentElement.lang = ui;
texts = await loadTexts(ui);
applyTexts(document, texts);
// The English page is a machine translation nobody has checked yet: say so, and offer the French page.
if (await unreviewed(ui))
  document
    .querySelector('header.top')
    .after(
      el(
        'p',
        { class: 'notice', id: 'notice' },
        `${t(texts, 'web.notice.machine')} `,
        el('a', { href: '?lang=fr', lang: 'fr' }, t(texts, 'web.notice.french')),
      ),
    );
document.title = t(texts, 'web.dir.title');
await fillFilters();
showSelection();
let timer;
$('search').addEventListener('submit', (e) => {
  e.preventDefault();
  if ($('commune').value.trim() && !communeOf($('commune').value)) {
    $('results').replaceChildren();
    $('count').textContent = t(texts, 'web.dir.error.unknown-commune', { commune: $('commune').value });
    return;
  }
  clearTimeout(timer);
  void search({ commit: true }).then(() => $('results-title').focus());
});
let suggesting;
$('search').addEventListener('input', (e) => {
  // The commune field suggests communes as one types; it searches once a commune is chosen (or cleared).
  if (e.target.id === 'commune') {
    clearTimeout(suggesting);
    suggesting = setTimeout(suggestCommunes, 150);
    if (e.target.value.trim() && !communeOf(e.target.value)) return;
  }
  clearTimeout(timer);
  timer = setTimeout(search, 300);
});
// A select or checkbox changes at once (a committed search, counted); text boxes search as one types and on Enter.
$('search').addEventListener('change', (e) => {
  if (e.target.tagName === 'INPUT' && !['checkbox', 'radio'].includes(e.target.type)) return;
  clearTimeout(timer);
  void search({ commit: true });
});
$('sheet-language').addEventListener('change', () => {
  sessionStorage.setItem(`${KEY}.lang`, $('sheet-language').value);
  showSelection();
});
$('clear').addEventListener('click', () => {
  selection.clear();
  for (const box of document.querySelectorAll('.entry input[type=checkbox]')) box.checked = false;
  showSelection();
});
void search();
// Offline: the copy's date; online: keep this page and the directory's public data for later.
void showCopyDate($('copy-date'), texts, ui);
registerWorker();
