// The counter card (issue 18): its content is in the URL fragment (never sent to the server) as
// base64url JSON of ids — {n: need node, c: INSEE code, l: language, e: entry ids} — resolved here.
import { LANGS, dirOf, el, loadScript, loadTexts, t } from './i18n.js';
import qrcode from '/static/vendor/qrcode.mjs';
import { keepContacts } from './saved.js';

const $ = (id) => document.getElementById(id);

/** The payload, checked field by field; null when it is no card. */
export function readPayload(hash) {
  try {
    const b64 = hash.replace(/^#/, '').replace(/-/g, '+').replace(/_/g, '/');
    const json = new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
    const p = JSON.parse(json);
    const lang = LANGS.some((l) => l.code === p.l) ? p.l : 'fr';
    const ids = Array.isArray(p.e) ? p.e.filter((id) => typeof id === 'string' && id.length < 120).slice(0, 5) : [];
    return {
      lang,
      need: typeof p.n === 'string' ? p.n : undefined,
      commune: typeof p.c === 'string' && /^[0-9AB]{5}$/.test(p.c) ? p.c : undefined,
      ids,
    };
  } catch {
    return null;
  }
}

const json = (url) =>
  fetch(url)
    .then((r) => (r.ok ? r.json() : null))
    .catch(() => null);

/** The person's language named in French by the browser, and in its own words by our texts. */
function languageName(code, inLang, texts) {
  if (inLang !== 'fr') return t(texts, `web.language.${code}`);
  try {
    return new Intl.DisplayNames(['fr'], { type: 'language' }).of(code === 'fa' ? 'fa-AF' : code);
  } catch {
    return code;
  }
}

/** One column of the card: the same facts in one language. */
function column(lang, texts, needs, { card, town, interpreter }) {
  const dir = dirOf(lang);
  const rows = [];
  const need = card.need && needs?.[card.need];
  if (need) rows.push(el('dt', {}, t(texts, 'web.card.need')), el('dd', {}, need));
  if (town) rows.push(el('dt', {}, t(texts, 'web.card.town')), el('dd', { lang: 'fr', dir: 'ltr' }, town));
  rows.push(el('dt', {}, t(texts, 'web.card.language')), el('dd', {}, languageName(card.lang, lang, texts)));
  return el(
    'section',
    { lang, dir },
    el('h1', {}, t(texts, 'web.card.title')),
    el('dl', {}, rows),
    interpreter ? el('p', { class: 'interpreter' }, t(texts, 'web.card.interpreter')) : '',
  );
}

function qr(url, label) {
  const code = qrcode(0, 'M');
  code.addData(url);
  code.make();
  const holder = el('div', { class: 'qr', role: 'img', 'aria-label': label });
  holder.innerHTML = code.createSvgTag({ cellSize: 4, margin: 2, scalable: true });
  return holder;
}

function contact(entry, lang, texts) {
  const where = entry.address
    ? [entry.address.street, [entry.address.postalCode, entry.address.town].filter(Boolean).join(' ')]
        .filter(Boolean)
        .join(', ')
    : '';
  const url = `${location.origin}/annuaire/fiche?ids=${encodeURIComponent(entry.id)}&lang=${lang}`;
  return el(
    'article',
    { class: 'contact', 'data-id': entry.id },
    el(
      'div',
      { lang: 'fr', dir: 'ltr' },
      el('h2', {}, entry.name),
      ...entry.phones.map((p) => el('p', {}, el('a', { class: 'phone', href: p.href }, p.display))),
      where ? el('p', {}, where) : '',
      entry.hours?.note ? el('p', {}, entry.hours.note) : '',
    ),
    qr(url, t(texts, 'web.card.qr', { name: entry.name })),
  );
}

/**
 * The card as a PNG, drawn on the phone by html-to-image (fonts and QR codes included) and downloaded:
 * it goes to the photos or downloads without a printer. Nothing leaves the phone.
 */
async function saveImage(texts) {
  const button = $('image');
  button.disabled = true;
  try {
    await loadScript('/static/vendor/html-to-image.js');
    const blob = await window.htmlToImage.toBlob($('card'), {
      backgroundColor: '#ffffff',
      pixelRatio: 2,
      // The phone's own fonts draw every script (Noto on Android); embedding ours would cost 158 KB per image.
      skipFonts: true,
    });
    if (!blob) throw new Error('no image');
    const url = URL.createObjectURL(blob);
    el('a', { href: url, download: `${t(texts, 'web.card.title')}.png` }).click();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch {
    $('kept').textContent = t(texts, 'web.card.image.failed');
  } finally {
    button.disabled = false;
  }
}

async function render() {
  const card = readPayload(location.hash);
  const lang = card?.lang ?? 'fr';
  document.documentElement.lang = lang;
  document.documentElement.dir = dirOf(lang);
  const [fr, own] = await Promise.all([loadTexts('fr'), lang === 'fr' ? null : loadTexts(lang)]);
  const texts = own ?? fr;
  document.title = t(texts, 'web.card.title');
  for (const [id, key] of Object.entries({
    'interpreter-label': 'web.card.interpreter.choice',
    print: 'web.card.print',
    share: 'web.card.share',
    image: 'web.card.image',
    keep: 'web.card.keep',
    back: 'web.card.back',
  }))
    $(id).textContent = t(texts, key);
  if (!card || !card.ids.length) {
    $('card').replaceChildren(el('p', { class: 'missing' }, t(texts, 'web.card.missing')));
    return;
  }
  const [needsFr, needsOwn, communes, entries] = await Promise.all([
    json('/api/i18n/fr/needs'),
    lang === 'fr' ? null : json(`/api/i18n/${lang}/needs`),
    card.commune ? json('/api/directory/communes') : [],
    Promise.all(card.ids.map((id) => json(`/api/directory/entries/${encodeURIComponent(id)}?lang=fr`))),
  ]);
  const town = communes?.find((c) => c.code === card.commune)?.name;
  const found = entries.filter(Boolean);
  const draw = () => {
    const facts = { card, town, interpreter: $('interpreter').checked };
    const columns = [column('fr', fr, needsFr, facts)];
    if (lang !== 'fr') columns.push(column(lang, texts, needsOwn, facts));
    $('card').replaceChildren(
      el('div', { class: 'pair' }, columns),
      el(
        'div',
        { class: 'contacts' },
        found.map((e) => contact(e, lang, texts)),
      ),
    );
  };
  $('interpreter').onchange = draw;
  draw();
  $('print').onclick = () => window.print();
  $('image').onclick = () => saveImage(texts);
  if (navigator.share) {
    $('share').hidden = false;
    $('share').onclick = () => navigator.share({ title: document.title, url: location.href }).catch(() => undefined);
  }
  $('keep').onclick = () => {
    keepContacts(found);
    $('kept').textContent = t(texts, 'web.card.kept');
  };
}

window.addEventListener('hashchange', render);
await render();
