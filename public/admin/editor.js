// The entry editor: the schema-built form, save with the version seen, status actions, history.
import { api, ApiError } from './api.js';
import { showErrors } from './fieldErrors.js';
import { buildForm } from './form.js';
import { t } from './i18n.js';
import { $, errorText, guarded, message } from './ui.js';
import { renderHistory } from './views.js';
import { openVerifyPanel } from './truth.js';

function showEntry(state, entry, editable) {
  state.entry = entry;
  $('edit-title').textContent = entry ? entry.name : t('admin.edit.new');
  $('edit-meta').textContent = entry
    ? `${entry.id} · ${t(`admin.status.${entry.status}`)} · ${t('admin.edit.version', { version: entry.version, date: new Date(entry.updatedAt).toLocaleString() })}`
    : '';
  state.form = buildForm($('entry-fields'), state.schema, state.locales, entry);
  $('entry-form')
    .querySelectorAll('input, select, textarea, button')
    .forEach((el) => {
      if (!editable) el.disabled = true;
    });
  for (const b of $('edit-actions').querySelectorAll('button')) {
    const action = b.dataset.action;
    const visible =
      !!entry &&
      (action === 'history' ||
        (editable &&
          {
            verify: entry.status !== 'archived',
            publish: ['draft', 'needs-verification'].includes(entry.status),
            archive: entry.status !== 'archived',
            restore: entry.status === 'archived',
          }[action]));
    b.hidden = !visible;
  }
  $('history').hidden = true;
  $('verify-panel').hidden = true;
  message($('edit-message'), editable ? '' : t('admin.edit.readonly'), false);
}

export async function openEntry(state, id) {
  if (!id) return showEntry(state, undefined, true);
  const { entry, editable } = await guarded(
    () => api('GET', `/api/admin/entries/${encodeURIComponent(id)}`),
    $('edit-message'),
  );
  showEntry(state, entry, editable);
}

export async function save(state, event) {
  event.preventDefault();
  const draft = state.form.read();
  const where = $('edit-message');
  try {
    const { entry } = state.entry
      ? await api('PUT', `/api/admin/entries/${encodeURIComponent(state.entry.id)}`, {
          body: draft,
          version: state.entry.version,
        })
      : await api('POST', '/api/admin/entries', { body: draft });
    const unchanged = state.entry && entry.version === state.entry.version;
    if (!state.entry) location.hash = `#/entry/${encodeURIComponent(entry.id)}`;
    showEntry(state, entry, true);
    message(where, t(unchanged ? 'admin.edit.unchanged' : 'admin.edit.saved', { version: entry.version }), true);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return window.dispatchEvent(new Event('admin:signed-out'));
    if (err instanceof ApiError && err.code === 'invalid-entry') {
      const rest = showErrors($('entry-fields'), err.details);
      return message(where, [t('admin.edit.invalid'), ...rest].join(' '), false);
    }
    if (err instanceof ApiError && err.code === 'version-conflict')
      return message(where, t('admin.edit.conflict', { version: err.details?.currentVersion }), false);
    message(where, errorText(err), false);
  }
}

/** "Record a verification": the evidence form, its preview and confirmation (truth.js). */
export function verify(state) {
  openVerifyPanel(state.entry, (updated) => {
    showEntry(state, updated, true);
    message($('edit-message'), t('admin.review.verified'), true);
  });
}

export async function act(state, action) {
  const { id, version } = state.entry;
  if (action === 'history') return showHistory(state);
  if (action === 'verify') return verify(state);
  const { entry } = await guarded(
    () => api('POST', `/api/admin/entries/${encodeURIComponent(id)}/${action}`, { version }),
    $('edit-message'),
  );
  showEntry(state, entry, true);
  message($('edit-message'), t('admin.edit.saved', { version: entry.version }), true);
}

async function showHistory(state) {
  const { id, version } = state.entry;
  const { history } = await guarded(
    () => api('GET', `/api/admin/entries/${encodeURIComponent(id)}/history`),
    $('edit-message'),
  );
  renderHistory($('history-list'), history, version, async (target) => {
    const { entry } = await guarded(
      () =>
        api('POST', `/api/admin/entries/${encodeURIComponent(id)}/restore-version`, {
          body: { version: target },
          version,
        }),
      $('edit-message'),
    );
    showEntry(state, entry, true);
    message($('edit-message'), t('admin.history.restored', { from: target, version: entry.version }), true);
  });
  $('history').hidden = false;
  $('history').scrollIntoView();
}
