// The steering committee's dashboard: anonymous counts from GET /api/admin/insights, small ones
// already hidden by the server ("< 5"). One printed A4 page per sheet; a table beside every chart.
import { api } from './api.js';
import { barsOfTotals, clearCharts, loadChartJs, stackedByMonth } from './charts.js';
import { t } from './i18n.js';
import { $, guarded } from './ui.js';

/** Sheets (one printed page each) and their blocks: a table, its chart if any, how many rows shown. */
const SHEETS = [
  { id: 'overview', blocks: [{ table: 'outcomes', chart: 'stacked' }] },
  {
    id: 'needs',
    blocks: [
      { table: 'themes', chart: 'stacked' },
      { table: 'needs', top: 15 },
    ],
  },
  {
    id: 'people',
    blocks: [
      { table: 'languages', chart: 'bars' },
      { table: 'areas', chart: 'bars' },
    ],
  },
  {
    id: 'gaps',
    blocks: [
      { table: 'dead-ends', top: 15 },
      { table: 'not-understood', chart: 'bars' },
    ],
  },
  {
    id: 'entries',
    blocks: [
      { table: 'entries-shown', top: 12, chart: 'bars' },
      { table: 'stale-shown', top: 12 },
    ],
  },
  { id: 'reports', blocks: [{ table: 'reports', top: 25 }] },
];

const h = (tag, props = {}, ...children) => {
  const el = Object.assign(document.createElement(tag), props);
  for (const c of children) if (c !== undefined && c !== null) el.append(c);
  return el;
};

const theme = (code) => t(`admin.insights.theme.${code}`, {}, code);
const outcome = (code) => t(`admin.insights.outcome.${code}`, {}, code);
const language = (code) => t(`admin.lang.${code}`, {}, t(`admin.insights.lang.${code}`, {}, code));
const place = ([code, name]) => name || t(`admin.insights.area.${code}`, {}, code);
const entry = ([id, name]) => name || id;

/** The key columns each table shows: a header text key and how a row's key reads in it. */
const KEY_COLUMNS = {
  outcomes: [['outcome', (k) => outcome(k[0])]],
  themes: [['theme', (k) => theme(k[0])]],
  needs: [
    ['theme', (k) => theme(k[0])],
    ['node', (k) => k[1]],
  ],
  languages: [['language', (k) => language(k[0])]],
  areas: [['area', place]],
  'dead-ends': [
    ['theme', (k) => theme(k[0])],
    ['node', (k) => k[1]],
    ['outcome', (k) => outcome(k[2])],
  ],
  'not-understood': [['language', (k) => language(k[0])]],
  'entries-shown': [
    ['entry', entry],
    ['stale', (k) => t(k[2] === 'true' ? 'admin.edit.yes' : 'admin.edit.no')],
  ],
  'stale-shown': [['entry', entry]],
  reports: [['entry', entry]],
};

function formats() {
  const lang = document.documentElement.lang || 'fr';
  const month = new Intl.DateTimeFormat(lang, { month: 'short', year: 'numeric', timeZone: 'UTC' });
  const number = new Intl.NumberFormat(lang);
  return {
    month: (m) => month.format(new Date(`${m}-01T00:00:00Z`)),
    cell: (c) => (typeof c === 'number' ? number.format(c) : c),
  };
}

function tableOf(table, { top }, fmt) {
  const columns = KEY_COLUMNS[table.id];
  const head = h(
    'tr',
    {},
    ...columns.map(([name]) => h('th', { scope: 'col', textContent: t(`admin.insights.column.${name}`) })),
    ...table.months.map((m) => h('th', { scope: 'col', textContent: fmt.month(m) })),
    h('th', { scope: 'col', textContent: t('admin.insights.total') }),
  );
  const rows = table.rows
    .slice(0, top ?? table.rows.length)
    .map((r) =>
      h(
        'tr',
        {},
        ...columns.map(([, read], i) =>
          h(i === 0 ? 'th' : 'td', { scope: i === 0 ? 'row' : undefined, textContent: read(r.key) }),
        ),
        ...r.cells.map((c) =>
          h('td', { className: typeof c === 'number' ? 'n' : 'n suppressed', textContent: fmt.cell(c) }),
        ),
        h('td', { className: 'n total', textContent: fmt.cell(r.total) }),
      ),
    );
  if (!rows.length) {
    const span = columns.length + table.months.length + 1;
    rows.push(h('tr', {}, h('td', { colSpan: span, className: 'muted', textContent: t('admin.insights.empty') })));
  }
  const caption = h('caption', { textContent: t(`admin.insights.table.${table.id}`) });
  return h(
    'table',
    { className: 'insights', id: `insights-table-${table.id}` },
    caption,
    h('thead', {}, head),
    h('tbody', {}, ...rows),
  );
}

function block(spec, insight, fmt, draws) {
  const table = insight.tables.find((x) => x.id === spec.table);
  const link = h('a', {
    href: `/api/admin/insights/${table.id}.csv?from=${insight.from}&to=${insight.to}`,
    download: '',
    className: 'no-print',
    textContent: t('admin.insights.csv'),
  });
  const more =
    spec.top && table.rows.length > spec.top
      ? h('p', { className: 'muted', textContent: t('admin.insights.top', { count: spec.top }) })
      : null;
  const side = h('div', { className: 'table-side' }, tableOf(table, spec, fmt), more, link);
  // No chart of nothing: a table without a shown count is enough.
  if (!spec.chart || !table.rows.some((r) => r.total > 0)) return h('div', { className: 'block' }, side);
  const canvas = h('canvas', { role: 'img' });
  canvas.setAttribute('aria-label', `${t(`admin.insights.table.${table.id}`)}. ${t('admin.insights.chart-note')}`);
  const figure = h(
    'figure',
    { className: 'chart' },
    h('div', { className: 'chart-box' }, canvas),
    h('figcaption', { className: 'muted', textContent: t('admin.insights.chart-note') }),
  );
  const rowLabel = (r) => {
    const text = KEY_COLUMNS[table.id][0][1](r.key);
    return text.length > 40 ? `${text.slice(0, 39)}…` : text;
  };
  draws.push((Chart) =>
    spec.chart === 'stacked'
      ? stackedByMonth(Chart, canvas, table, { monthLabel: fmt.month, rowLabel })
      : barsOfTotals(Chart, canvas, table, { rowLabel }),
  );
  return h('div', { className: 'block with-chart' }, figure, side);
}

function sheet({ id, blocks }, insight, fmt, draws) {
  const title = h('h3', { id: `sheet-${id}`, textContent: t(`admin.insights.sheet.${id}`) });
  const period = h('p', {
    className: 'muted print-only',
    textContent: t('admin.insights.period', { from: fmt.month(insight.from), to: fmt.month(insight.to) }),
  });
  return h(
    'section',
    { className: 'sheet', id: `insights-${id}` },
    title,
    period,
    ...blocks.map((b) => block(b, insight, fmt, draws)),
  );
}

/** Fetches the period in the form (the last six months by default) and draws every sheet. */
export async function showInsights() {
  // Busy until the charts are drawn too (screen readers wait; so do tests and a print started early).
  $('insights').setAttribute('aria-busy', 'true');
  try {
    const query = new URLSearchParams();
    for (const name of ['from', 'to']) if ($(`insights-${name}`).value) query.set(name, $(`insights-${name}`).value);
    const insight = await guarded(() => api('GET', `/api/admin/insights?${query}`));
    $('insights-from').value = insight.from;
    $('insights-to').value = insight.to;
    $('insights-json').href = `/api/admin/insights?from=${insight.from}&to=${insight.to}`;
    $('insights-note').textContent = t('admin.insights.hidden-note', { min: insight.minCount, hidden: insight.hidden });
    const fmt = formats();
    const draws = [];
    clearCharts();
    $('insights-sheets').replaceChildren(...SHEETS.map((s) => sheet(s, insight, fmt, draws)));
    // The tables are complete without the charts: a chart library that fails to load costs only the pictures.
    const Chart = await loadChartJs();
    if (Chart) for (const draw of draws) draw(Chart);
  } finally {
    $('insights').setAttribute('aria-busy', 'false');
  }
}

export function initInsights() {
  $('insights-period').addEventListener('submit', (event) => {
    event.preventDefault();
    void showInsights().catch(() => undefined);
  });
  $('insights-print').addEventListener('click', () => window.print());
}
