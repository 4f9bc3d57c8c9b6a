// Keeping the directory true: "record a verification" with its evidence and a confirmation step,
// reports and proposals in the review queue, services' confirmation links.
import { api } from './api.js';
import { t } from './i18n.js';
import { $, guarded, message } from './ui.js';

const h = (tag, props = {}, ...children) => {
  const el = Object.assign(document.createElement(tag), props);
  for (const c of children) if (c) el.append(c);
  return el;
};
const METHODS = ['phone', 'service', 'visit', 'source'];
const enc = encodeURIComponent;

function input(name, labelKey, type = 'text') {
  const id = `verify-${name}`;
  return [h('label', { htmlFor: id, textContent: t(labelKey) }), h('input', { id, name, type })];
}

/** The verification form of an entry: evidence, then a preview to confirm, then the write. */
export function openVerifyPanel(entry, onDone) {
  const panel = $('verify-panel');
  const method = h('select', { id: 'verify-method', name: 'method' });
  for (const m of METHODS) method.append(h('option', { value: m, textContent: t(`admin.verify.method.${m}`) }));
  const preview = h('p', { id: 'verify-preview', role: 'status' });
  const confirm = h('button', {
    type: 'button',
    id: 'verify-confirm',
    textContent: t('admin.verify.confirm'),
    hidden: true,
  });
  const form = h(
    'form',
    { id: 'verify-form' },
    h('h3', { textContent: t('admin.verify.title') }),
    h('label', { htmlFor: 'verify-method', textContent: t('admin.verify.method') }),
    method,
    ...input('date', 'admin.verify.date'),
    ...input('by', 'admin.verify.by'),
    ...input('note', 'admin.verify.note'),
    ...input('sourceUrl', 'admin.verify.source-url', 'url'),
    ...input('sourceTitle', 'admin.verify.source-title'),
    ...input('sourceDate', 'admin.verify.source-date'),
    h('button', { type: 'submit', id: 'verify-check', textContent: t('admin.verify.check') }),
    preview,
    confirm,
    h('button', {
      type: 'button',
      className: 'secondary',
      textContent: t('admin.verify.cancel'),
      onclick: () => (panel.hidden = true),
    }),
  );
  const body = () => {
    const v = (n) => form.elements[n].value.trim();
    const source =
      method.value === 'source'
        ? { source: { url: v('sourceUrl'), title: v('sourceTitle'), date: v('sourceDate') } }
        : {};
    return {
      method: method.value,
      ...(v('date') ? { date: v('date') } : {}),
      ...(v('by') ? { by: v('by') } : {}),
      ...(v('note') ? { note: v('note') } : {}),
      ...source,
    };
  };
  const path = `/api/admin/entries/${enc(entry.id)}/verify`;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const { preview: plan } = await guarded(() => api('POST', path, { body: body(), version: entry.version }), preview);
    preview.textContent = t('admin.verify.preview', { ...plan, status: t(`admin.status.${plan.status}`) });
    confirm.hidden = false;
  });
  confirm.addEventListener('click', async () => {
    const { entry: updated } = await guarded(
      () => api('POST', path, { body: { ...body(), confirm: true }, version: entry.version }),
      preview,
    );
    panel.hidden = true;
    onDone(updated);
  });
  panel.replaceChildren(form, verificationList(entry));
  panel.hidden = false;
  panel.scrollIntoView();
}

/** An entry's verification history, newest first. */
export function verificationList(entry) {
  const items = [...(entry.verifications ?? [])].reverse().map((v) =>
    h('li', {
      textContent: `${v.date} — ${t(`admin.verify.method.${v.method}`)} — ${v.by}${v.note ? ` — ${v.note}` : ''}${v.source ? ` — ${v.source.url}` : ''}`,
    }),
  );
  return h(
    'section',
    {},
    h('h4', { textContent: t('admin.verify.history') }),
    h('ol', { className: 'history' }, ...items),
  );
}

/** Creates a confirmation link for the entry's service and shows it, with a button to withdraw it. */
async function createLink(entry, where) {
  const link = await guarded(() => api('POST', `/api/admin/entries/${enc(entry.id)}/confirm-links`), where);
  const revoke = h('button', {
    type: 'button',
    className: 'secondary revoke-link',
    textContent: t('admin.links.revoke'),
  });
  revoke.addEventListener('click', async () => {
    await guarded(() => api('POST', `/api/admin/confirm-links/${enc(link.id)}/revoke`), where);
    box.replaceChildren(h('p', { textContent: t('admin.links.revoked') }));
  });
  const box = h(
    'div',
    { className: 'confirm-link' },
    h('p', { textContent: t('admin.links.created', { date: new Date(link.expiresAt).toLocaleDateString() }) }),
    h('input', { type: 'text', readOnly: true, value: link.url, className: 'link-url' }),
    revoke,
  );
  where.after(box);
}

/** What the review queue adds to an entry's card: its reports, proposals and the actions on them. */
export function reviewExtras(e, reload) {
  const flash = $('flash');
  const act = async (method, path, body, done) => {
    const result = await guarded(() => api(method, path, body ? { body } : {}));
    await reload(); // reloading clears the flash: the message comes after
    message(flash, t(done, { version: result?.entry?.version ?? '' }), true);
  };
  const parts = [];
  if (e.reports?.count) {
    const reasons = Object.entries(e.reports.reasons)
      .map(([r, n]) => `${t(`admin.report.reason.${r}`)} ×${n}`)
      .join(', ');
    parts.push(
      h('p', { className: 'reports', textContent: t('admin.review.reports', { count: e.reports.count, reasons }) }),
    );
    for (const r of e.reports.items) {
      const li = h(
        'div',
        { className: 'report-item' },
        h('span', { textContent: `${t(`admin.report.reason.${r.reason}`)}${r.comment ? ` — « ${r.comment} »` : ''} ` }),
      );
      li.dataset.report = r.id;
      if (e.editable)
        for (const outcome of ['fixed', 'not-confirmed'])
          li.append(
            h('button', {
              type: 'button',
              className: `secondary close-${outcome}`,
              textContent: t(`admin.review.${outcome}`),
              onclick: () => act('POST', `/api/admin/reports/${enc(r.id)}/close`, { outcome }, 'admin.review.closed'),
            }),
          );
      parts.push(li);
    }
  }
  for (const p of e.proposals ?? []) {
    const rows = p.changes.map((c) =>
      h('li', { textContent: `${c.field}: ${JSON.stringify(c.before ?? '')} → ${JSON.stringify(c.after ?? '')}` }),
    );
    const box = h(
      'div',
      { className: 'proposal' },
      h('p', { textContent: t('admin.review.proposal', { date: new Date(p.at).toLocaleDateString() }) }),
      h('ul', {}, ...rows),
      p.comment ? h('p', { textContent: `« ${p.comment} »` }) : '',
    );
    box.dataset.proposal = p.id;
    if (e.editable)
      box.append(
        h('button', {
          type: 'button',
          className: 'accept-proposal',
          textContent: t('admin.review.accept'),
          onclick: () => act('POST', `/api/admin/proposals/${enc(p.id)}/accept`, undefined, 'admin.review.accepted'),
        }),
        h('button', {
          type: 'button',
          className: 'secondary reject-proposal',
          textContent: t('admin.review.reject'),
          onclick: () => act('POST', `/api/admin/proposals/${enc(p.id)}/reject`, undefined, 'admin.review.rejected'),
        }),
      );
    parts.push(box);
  }
  if (e.editable) {
    const linkButton = h('button', {
      type: 'button',
      className: 'secondary create-link',
      textContent: t('admin.links.create'),
    });
    linkButton.addEventListener('click', () => void createLink(e, linkButton).catch(() => undefined));
    const verify = h('a', {
      className: 'button',
      href: `#/entry/${enc(e.id)}/verify`,
      textContent: t('admin.edit.verify'),
    });
    parts.push(h('p', { className: 'actions' }, verify, linkButton));
  }
  return parts;
}
