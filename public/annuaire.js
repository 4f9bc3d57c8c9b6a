import { LANGS, applyTexts, browserLanguage, dirOf, el, loadTexts, t } from './i18n.js';
import { entryCard } from './entryCard.js';
import { loadVoices } from './listen.js';
import { registerWorker, showCopyDate } from './offline.js';

// Languages people ask for most locally (data, named by the browser in the page language).
const SPOKEN = ['ar', 'en', 'es', 'fa', 'it', 'ps', 'ru', 'ti', 'uk', 'de', 'pt', 'tr', 'sq', 'ka', 'so'];
const KEY = 'passerelle.annuaire.selection';
const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const ui = ['fr', 'en'].includes(params.get('lang')) ? params.get('lang') : browserLanguage() === 'en' ? 'en' : 'fr';
const selection = new Map(JSON.parse(sessionStorage.getItem(KEY) ?? '[]'));
let texts = {};
let pending;

function filters() {
  const q = new URLSearchParams({ lang: ui, limit: '50' });
  const form = $('search');
  for (const name of ['q', 'theme', 'commune', 'languages'])
    if (form[name].value.trim()) q.set(name, form[name].value.trim());
  if (form.openNow.checked) q.set('openNow', 'true');
  return q;
}

async function search() {
  const query = filters();
  $('csv').href = `/api/directory/export.csv?${query}`;
  $('count').textContent = t(texts, 'web.dir.results.loading');
  pending?.abort();
  pending = new AbortController();
  try {
    const res = await fetch(`/api/directory/search?${query}`, { signal: pending.signal });
    const body = await res.json();
    if (!res.ok)
      throw new Error(
        body.details?.[0]?.message
          ? `${body.message} (${body.details[0].field}: ${body.details[0].message})`
          : body.message,
      );
    $('count').textContent = body.total
      ? t(texts, 'web.dir.results.count', { count: body.total })
      : t(texts, 'web.dir.results.none');
    const heard = (await loadVoices())[ui];
    $('results').replaceChildren(
      ...body.results.map((e) => entryCard(e, texts, ui, { selected: selection.has(e.id), onToggle: toggle, heard })),
    );
  } catch (err) {
    if (err.name === 'AbortError') return;
    $('count').textContent = t(texts, 'web.dir.results.error', { message: err.message });
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

async function fillFilters() {
  const names = new Intl.DisplayNames([ui], { type: 'language' });
  const [themes, communes] = await Promise.all([
    fetch(`/api/directory/themes?lang=${ui}`).then((r) => r.json()),
    fetch('/api/directory/communes').then((r) => r.json()),
  ]);
  $('theme').replaceChildren(
    el('option', { value: '' }, t(texts, 'web.dir.filter.all')),
    ...themes.map((x) => el('option', { value: x.id }, x.label)),
  );
  $('communes').replaceChildren(
    ...communes.map((c) => el('option', { value: c.name }, `${c.name} (${c.postalCodes.join(', ')})`)),
  );
  const spoken = SPOKEN.map((code) => [code, names.of(code)]).sort((a, b) => a[1].localeCompare(b[1], ui));
  $('languages').replaceChildren(
    el('option', { value: '' }, t(texts, 'web.dir.filter.all')),
    ...spoken.map(([code, name]) => el('option', { value: code }, name)),
  );
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
document.title = t(texts, 'web.dir.title');
await fillFilters();
showSelection();
$('search').addEventListener('submit', (e) => {
  e.preventDefault();
  void search().then(() => $('results-title').focus());
});
let timer;
$('search').addEventListener('input', () => {
  clearTimeout(timer);
  timer = setTimeout(search, 300);
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
