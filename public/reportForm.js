import { el, t } from './i18n.js';

const REASONS = ['phone', 'address', 'hours', 'closed', 'moved', 'other'];

/** Sends a report; the answer is a text key and its variables for the person who sent it. */
async function send(entryId, body) {
  const res = await fetch(`/api/directory/entries/${encodeURIComponent(entryId)}/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status === 202) return ['web.report.sent', {}, true];
  if (res.status === 429) return ['web.report.too-many', { seconds: res.headers.get('Retry-After') ?? '60' }, false];
  if (res.status === 404) return ['web.report.not-found', {}, false];
  const error = await res.json().catch(() => ({}));
  return ['web.report.error', { message: error.message ?? res.status }, false];
}

/** "Report a problem" on one entry: a reason, an optional comment (masked on the server), send. */
export function reportForm(entryId, texts, lang) {
  const id = `report-${entryId.replace(/[^\w-]/g, '-')}`;
  const status = el('p', { class: 'report-status', role: 'status', 'aria-live': 'polite' });
  const comment = el('textarea', { id: `${id}-comment`, name: 'comment', maxlength: '500', rows: '3' });
  const choices = REASONS.map((r, i) =>
    el(
      'label',
      { class: 'inline' },
      el('input', { type: 'radio', name: 'reason', value: r, required: true, checked: i === 0 }),
      ` ${t(texts, `web.report.reason.${r}`)}`,
    ),
  );
  const form = el(
    'form',
    { class: 'report-form', 'data-entry': entryId },
    el('fieldset', {}, el('legend', {}, t(texts, 'web.report.reason')), ...choices),
    el('label', { for: `${id}-comment` }, t(texts, 'web.report.comment')),
    comment,
    el('p', { class: 'hint' }, t(texts, 'web.report.privacy')),
    el('button', { type: 'submit', class: 'primary' }, t(texts, 'web.report.send')),
    status,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const reason = form.querySelector('input[name=reason]:checked')?.value ?? 'other';
    const body = { reason, lang, ...(comment.value.trim() ? { comment: comment.value.trim() } : {}) };
    const [key, vars, ok] = await send(entryId, body).catch((err) => [
      'web.report.error',
      { message: err.message },
      false,
    ]);
    status.textContent = t(texts, key, vars);
    status.className = `report-status ${ok ? 'ok' : 'ko'}`;
    if (ok) form.querySelector('button[type=submit]').disabled = true;
  });
  return form;
}
