// The translators' page: French and translation side by side, filter, edit, mark reviewed, export/import.
import { api, ApiError } from './api.js';
import { t } from './i18n.js';
import { $, errorText, guarded, message } from './ui.js';

const RTL = new Set(['ar', 'fa', 'ps']);
const view = { languages: [], locale: '', rows: [] };

const h = (tag, { dataset, ...props } = {}, ...children) => {
  const el = Object.assign(document.createElement(tag), props);
  Object.assign(el.dataset, dataset);
  for (const c of children) if (c) el.append(c);
  return el;
};

function counts(lang) {
  const s = lang.strings;
  return t('admin.translations.counts', { reviewed: s.reviewed, total: s.total, toReview: s.toReview, stale: s.stale });
}

/** One string: its key, the French, the editable text (in its own script and direction), its state. */
function rowItem(row) {
  const dir = RTL.has(view.locale) ? 'rtl' : 'ltr';
  const area = h('textarea', { value: row.text ?? '', rows: Math.min(8, Math.ceil(row.fr.length / 60) + 1) });
  area.setAttribute('lang', view.locale);
  area.setAttribute('dir', dir);
  area.setAttribute('aria-label', t('admin.translations.text', { key: row.key }));
  const status = h('span', {
    className: `badge ${row.status}`,
    textContent: t(`admin.translations.status.${row.status}`),
  });
  const who = row.review
    ? h('span', {
        className: 'muted',
        textContent: t('admin.translations.reviewed-by', { name: row.review.by, date: row.review.at }),
      })
    : null;
  const problem = h('p', { className: 'error', hidden: true, role: 'alert' });
  const save = (reviewed) => async () => {
    try {
      message(problem, '', true);
      const body = { text: area.value, reviewed, french: row.french, base: row.base };
      const { row: saved } = await api('PUT', `/api/admin/translations/${view.locale}/${encodeURIComponent(row.key)}`, {
        body,
      });
      Object.assign(row, saved);
      li.replaceWith(rowItem(row));
      await refreshCounts();
    } catch (err) {
      const details = err instanceof ApiError && Array.isArray(err.details) ? err.details.map((d) => d.message) : [];
      message(problem, [errorText(err), ...details].join(' — '), false);
    }
  };
  const buttons = h(
    'p',
    { className: 'actions' },
    h('button', {
      type: 'button',
      className: 'secondary',
      textContent: t('admin.translations.save'),
      onclick: save(false),
    }),
    h('button', { type: 'button', textContent: t('admin.translations.save-reviewed'), onclick: save(true) }),
  );
  const li = h(
    'li',
    { className: 'translation', dataset: { key: row.key, status: row.status } },
    h('p', {}, h('code', { textContent: row.key }), ' ', status, ' ', who),
    h('div', { className: 'side-by-side' }, h('blockquote', { lang: 'fr', dir: 'ltr', textContent: row.fr }), area),
    problem,
    buttons,
  );
  return li;
}

async function refreshCounts() {
  const { languages } = await api('GET', '/api/admin/translations');
  view.languages = languages;
  const lang = languages.find((l) => l.code === view.locale);
  $('tr-counts').textContent = lang ? counts(lang) : '';
}

async function loadRows() {
  const status = $('tr-status').value;
  const query = status ? `?status=${status}` : '';
  const { rows } = await guarded(() => api('GET', `/api/admin/translations/${view.locale}${query}`));
  view.rows = rows;
  $('tr-list').replaceChildren(
    ...(rows.length
      ? rows.map(rowItem)
      : [h('li', { className: 'muted', textContent: t('admin.translations.empty') })]),
  );
  $('tr-export').href = `/api/admin/translations/${view.locale}/export.json`;
  await refreshCounts();
}

async function runImport(dryRun) {
  const file = $('tr-file').files[0];
  if (!file) return;
  try {
    const body = JSON.parse(await file.text());
    const result = await api('POST', `/api/admin/translations/${view.locale}/import?dryRun=${dryRun}`, { body });
    const key = dryRun ? 'admin.translations.import-preview' : 'admin.translations.import-done';
    message($('tr-result'), t(key, { changed: result.changed.length, unchanged: result.unchanged }), true);
    if (!dryRun) await loadRows();
  } catch (err) {
    const details =
      err instanceof ApiError && Array.isArray(err.details) ? err.details.map((d) => `${d.field}: ${d.message}`) : [];
    message($('tr-result'), [errorText(err), ...details].join('\n'), false);
  }
}

/** Opens the page on the person's languages (a translator's own, every language for an admin). */
export async function openTranslations() {
  const { languages } = await guarded(() => api('GET', '/api/admin/translations'));
  view.languages = languages;
  const select = $('tr-language');
  if (!languages.length) {
    select.replaceChildren();
    $('tr-list').replaceChildren(h('li', { className: 'muted', textContent: t('admin.translations.none') }));
    return;
  }
  if (!languages.some((l) => l.code === view.locale))
    view.locale = (languages.find((l) => l.code !== 'fr') ?? languages[0]).code;
  select.replaceChildren(
    ...languages.map((l) =>
      h('option', { value: l.code, textContent: `${l.name} (${l.code})`, selected: l.code === view.locale }),
    ),
  );
  await loadRows();
}

export function bindTranslations() {
  $('tr-language').addEventListener('change', () => {
    view.locale = $('tr-language').value;
    void loadRows().catch(() => undefined);
  });
  $('tr-status').addEventListener('change', () => void loadRows().catch(() => undefined));
  $('tr-dry-run').addEventListener('click', () => void runImport(true));
  $('tr-apply').addEventListener('click', () => void runImport(false));
}
