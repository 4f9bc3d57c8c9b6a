// Page texts come from locales/<lng>/web.json through /api/i18n/:lng/web (French fills the gaps).
export const LANGS = [
  { code: 'fr', tag: 'fr-FR' },
  { code: 'en', tag: 'en-US' },
  { code: 'ar', tag: 'ar-SA' },
  { code: 'fa', tag: 'fa-AF' },
  { code: 'ps', tag: 'ps-AF' },
  { code: 'ti', tag: 'ti-ER' },
  { code: 'ru', tag: 'ru-RU' },
  { code: 'uk', tag: 'uk-UA' },
];
export const RTL = new Set(['ar', 'fa', 'ps']);
export const dirOf = (code) => (RTL.has(code) ? 'rtl' : 'ltr');

async function fetchTexts(lng) {
  const res = await fetch(`/api/i18n/${encodeURIComponent(lng)}/web`);
  if (!res.ok) throw new Error(`texts ${res.status}`);
  return res.json();
}

/** The texts of a language; `french` lists keys still shown in French, to mark them lang="fr". */
export async function loadTexts(lng) {
  if (lng === 'fr') return Object.assign(await fetchTexts('fr'), { [FRENCH]: new Set() });
  const [own, fr] = await Promise.all([fetchTexts(lng), fetchTexts('fr')]);
  return Object.assign(own, {
    [FRENCH]: new Set(Object.keys(fr).filter((k) => own[k] === fr[k] && !k.startsWith('web.language.'))),
  });
}
const FRENCH = Symbol('french');
export const isFrench = (texts, key) => !!texts[FRENCH]?.has(key);

/** One text with {{name}} placeholders filled; the key itself if missing, so gaps are visible. */
export function t(texts, key, vars = {}) {
  const text = texts[key] ?? key;
  return text.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_, name) => String(vars[name] ?? ''));
}

/** A text as nodes with each {{variable}} in its own <bdi>: a value in another direction stays whole. */
export function tNodes(texts, key, vars = {}) {
  const text = texts[key] ?? key;
  const nodes = [];
  let last = 0;
  for (const m of text.matchAll(/\{\{\s*([\w.-]+)\s*\}\}/g)) {
    nodes.push(text.slice(last, m.index), el('bdi', {}, String(vars[m[1]] ?? '')));
    last = m.index + m[0].length;
  }
  nodes.push(text.slice(last));
  return nodes.filter((n) => n !== '');
}

/** Fills every [data-t] element's text, [data-t-label] aria-label and [data-t-placeholder]. */
export function applyTexts(root, texts) {
  for (const el of root.querySelectorAll('[data-t]')) {
    el.textContent = t(texts, el.dataset.t);
    if (isFrench(texts, el.dataset.t)) el.setAttribute('lang', 'fr');
    else el.removeAttribute('lang');
  }
  // An emergency number: what it is for, in the page's language, the number kept whole in any direction.
  for (const el of root.querySelectorAll('[data-emergency]')) {
    const key = `common.emergency.button.${el.dataset.emergency}`;
    if (texts[key]) el.replaceChildren(...tNodes(texts, key, { number: el.dataset.emergency }));
    if (isFrench(texts, key)) el.setAttribute('lang', 'fr');
    else el.removeAttribute('lang');
  }
  for (const el of root.querySelectorAll('[data-t-label]')) el.setAttribute('aria-label', t(texts, el.dataset.tLabel));
  for (const el of root.querySelectorAll('[data-t-title]')) el.setAttribute('title', t(texts, el.dataset.tTitle));
}

/** The first of the browser's languages we serve, else French. */
export function browserLanguage() {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const code = String(tag).toLowerCase().split('-')[0];
    if (LANGS.some((l) => l.code === code)) return code;
  }
  return 'fr';
}

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== undefined && c !== null && c !== false) node.append(c);
  return node;
}

const scripts = new Map();
/**
 * Loads a classic script (a vendored library that sets a global) once; a failed load (offline) is
 * forgotten, so the next call tries again.
 */
export function loadScript(src) {
  if (!scripts.has(src))
    scripts.set(
      src,
      new Promise((resolve, reject) => {
        const script = el('script', {
          src,
          async: true,
          onload: resolve,
          onerror: (e) => {
            scripts.delete(src);
            script.remove();
            reject(e);
          },
        });
        document.head.append(script);
      }),
    );
  return scripts.get(src);
}

let statuses;
/** Whether a language's texts are not all reviewed by a person yet (GET /api/i18n/status); French never. */
export async function unreviewed(code) {
  if (code === 'fr') return false;
  statuses ??= fetch('/api/i18n/status')
    .then((r) => r.json())
    .catch(() => ({ languages: [] }));
  const status = (await statuses).languages.find((l) => l.code === code);
  return !status?.reviewed;
}
