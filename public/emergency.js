// The emergency numbers page (issue 18): the numbers are plain HTML from the server; this adds the
// texts in the person's language, the offline copy's date and the contacts kept on this phone.
import { applyTexts, browserLanguage, dirOf, loadTexts, t } from './i18n.js';
import { registerWorker, savedList, showCopyDate } from './offline.js';

const lang = sessionStorage.getItem('passerelle.lng') ?? browserLanguage();
const texts = await loadTexts(lang).catch(() => ({}));
document.documentElement.lang = lang;
document.documentElement.dir = dirOf(lang);
applyTexts(document, texts);
document.title = t(texts, 'web.emergency.title');
document.getElementById('saved').replaceChildren(savedList(texts));
await showCopyDate(document.getElementById('copy-date'), texts, lang);
registerWorker();
