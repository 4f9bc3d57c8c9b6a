// The report page behind the chat's "report a problem" button and the printed sheet's link: /signaler/<entry id>.
import { LANGS, applyTexts, browserLanguage, dirOf, el, loadTexts, t } from './i18n.js';
import { reportForm } from './reportForm.js';

const params = new URLSearchParams(location.search);
const lang = LANGS.some((l) => l.code === params.get('lang')) ? params.get('lang') : browserLanguage();
const entryId = decodeURIComponent(location.pathname.split('/').filter(Boolean).at(-1) ?? '');
document.documentElement.lang = lang;
document.documentElement.dir = dirOf(lang);
const texts = await loadTexts(lang);
applyTexts(document, texts);
document.title = t(texts, 'web.report.title');
const res = await fetch(`/api/directory/entries/${encodeURIComponent(entryId)}?lang=${lang}`);
if (res.ok) {
  const entry = await res.json();
  document
    .getElementById('about')
    .replaceChildren(el('span', { lang: 'fr' }, t(texts, 'web.report.about', { name: entry.name })));
  document.getElementById('form').replaceChildren(reportForm(entry.id, texts, lang));
} else document.getElementById('form').replaceChildren(el('p', { class: 'warning' }, t(texts, 'web.report.not-found')));
document.body.dataset.ready = 'true';
