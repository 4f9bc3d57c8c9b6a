// Texts come from locales/<lang>/admin.json through GET /api/admin/i18n: no text lives in this code.
let texts = {};

export async function loadTexts() {
  const lang = (navigator.language || 'fr').slice(0, 2);
  const res = await fetch(`/api/admin/i18n?lang=${encodeURIComponent(lang)}`);
  const body = await res.json();
  texts = body.texts;
  document.documentElement.lang = body.lang;
}

/** The text for `key` with {{vars}} filled in; `fallback` (or the key) when missing. */
export function t(key, vars = {}, fallback) {
  const text = texts[key] ?? fallback ?? key;
  return text.replace(/\{\{(\w+)\}\}/g, (_, name) => String(vars[name] ?? ''));
}

export const has = (key) => key in texts;

export function translatePage(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
  document.title = t('admin.title');
}
