// Lists of entries, the review queue and an entry's history, as DOM built with textContent only.
import { t } from './i18n.js';
import { reviewExtras } from './truth.js';
// Shared with the public pages (served at /static): a year-only date shows as the year, a month as "janvier 2021".
import { formatPartialDate } from '/static/partialDate.js';

const h = (tag, { dataset, ...props } = {}, ...children) => {
  const el = Object.assign(document.createElement(tag), props);
  Object.assign(el.dataset, dataset);
  for (const c of children) if (c) el.append(c);
  return el;
};
const badge = (kind, text) => h('span', { className: `badge ${kind}`, textContent: text });
const fmt = (value) => (value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value));

function card(entry, extra = []) {
  const link = h('a', { href: `#/entry/${encodeURIComponent(entry.id)}`, textContent: entry.name });
  const meta = h('div', {
    className: 'muted',
    textContent: [
      entry.organization,
      entry.town,
      t('admin.list.verified', { date: formatPartialDate(entry.verifiedAt, document.documentElement.lang || 'fr') }),
    ]
      .filter(Boolean)
      .join(' · '),
  });
  return h(
    'li',
    { dataset: { id: entry.id } },
    link,
    badge(entry.status, t(`admin.status.${entry.status}`)),
    ...extra,
    meta,
  );
}

export function renderList(ul, count, entries) {
  count.textContent = t('admin.list.count', { count: entries.length });
  ul.replaceChildren(
    ...(entries.length
      ? entries.map((e) => card(e))
      : [h('li', { className: 'muted', textContent: t('admin.list.empty') })]),
  );
}

/** The review queue, each with its reasons, reports and proposals, and the actions on them (truth.js). */
export function renderReview(ul, entries, reload) {
  if (!entries.length) return ul.replaceChildren(h('li', { className: 'muted', textContent: t('admin.review.empty') }));
  ul.replaceChildren(
    ...entries.map((e) => {
      const reasons = e.reasons.filter((r) => r !== e.status).map((r) => badge(r, t(`admin.review.reason.${r}`)));
      const freshness = badge(e.freshness, t(`admin.freshness.${e.freshness}`));
      const li = card(e, [...reasons, freshness]);
      li.append(...reviewExtras(e, reload));
      return li;
    }),
  );
}

/** The audit records of an entry, newest first, each with its field-by-field changes. */
export function renderHistory(ol, records, currentVersion, onRestore) {
  if (!records.length)
    return ol.replaceChildren(h('li', { className: 'muted', textContent: t('admin.history.empty') }));
  const items = records.map((r) => {
    const line = h('div', {
      textContent: t('admin.history.line', {
        date: new Date(r.at).toLocaleString(),
        actor: r.actor,
        action: t(`admin.action.${r.action}`, {}, r.action),
        version: r.version,
      }),
    });
    const head = h(
      'tr',
      {},
      ...['admin.history.field', 'admin.history.before', 'admin.history.after'].map((k) =>
        h('th', { textContent: t(k) }),
      ),
    );
    const rows = r.changes.map((c) =>
      h(
        'tr',
        {},
        h('td', { textContent: c.field }),
        h('td', { textContent: fmt(c.before) }),
        h('td', { textContent: fmt(c.after) }),
      ),
    );
    const li = h('li', {}, line, h('table', {}, h('thead', {}, head), h('tbody', {}, ...rows)));
    const versions = [r.fromVersion, r.version].filter((v) => v !== undefined && v !== currentVersion);
    for (const v of new Set(versions)) {
      const b = h('button', {
        type: 'button',
        className: 'secondary',
        textContent: t('admin.history.restore', { version: v }),
      });
      b.addEventListener('click', () => onRestore(v));
      li.append(b);
    }
    return li;
  });
  ol.replaceChildren(...items);
}

export function renderImport(div, result) {
  const parts = [
    h('p', { textContent: t(result.dryRun ? 'admin.transfer.preview' : 'admin.transfer.applied') }),
    h('p', {
      textContent: t('admin.transfer.result', {
        created: result.created.length,
        changed: result.changed.length,
        archived: result.archived.length,
        unchanged: result.unchanged.length,
      }),
    }),
  ];
  const detail = (title, items) =>
    items.length &&
    parts.push(h('p', { textContent: t(title) }), h('ul', {}, ...items.map((text) => h('li', { textContent: text }))));
  detail(
    'admin.transfer.problems',
    result.problems.map((p) => `${p.entry} — ${p.field}: ${p.message}`),
  );
  detail(
    'admin.transfer.conflicts',
    result.conflicts.map((c) => `${c.id}: ${c.version} → ${c.currentVersion}`),
  );
  const changes = [...result.created, ...result.changed].flatMap((c) =>
    c.changes.slice(0, 20).map((x) => `${c.id} — ${x.field}: ${fmt(x.before)} → ${fmt(x.after)}`),
  );
  detail('admin.transfer.changes', changes);
  detail(
    'admin.action.archive',
    result.archived.map((a) => a.id),
  );
  div.replaceChildren(...parts);
}
