// Charts of the insights dashboard, drawn by Chart.js (served from this server: /static/vendor/chart.js).
// Each chart has its table beside it: the table is the accessible, exact version of the same numbers.

// Okabe–Ito: told apart with every common colour-vision deficiency, and in grey on paper.
const COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000', '#999999'];
/** Print size of a chart, in CSS pixels (about 17 × 6.5 cm): the canvas is redrawn at it before printing. */
const PRINT = { width: 640, height: 240 };
const charts = new Set();
let loading;

/** Loads Chart.js once, only when a dashboard is shown (editors never download it); null if it fails. */
export function loadChartJs() {
  loading ??= new Promise((resolve) => {
    if (window.Chart) return resolve(window.Chart);
    const script = Object.assign(document.createElement('script'), { src: '/static/vendor/chart.js' });
    script.addEventListener('load', () => resolve(window.Chart ?? null));
    script.addEventListener('error', () => resolve(null));
    document.head.append(script);
  });
  return loading;
}

/** Forgets the charts of a previous rendering (their canvases are being replaced). */
export function clearCharts() {
  for (const chart of charts) chart.destroy();
  charts.clear();
}

const base = (stacked) => ({
  animation: false,
  responsive: true,
  maintainAspectRatio: false,
  plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
  scales: {
    x: { stacked, ticks: { autoSkip: false } },
    y: { stacked, beginAtZero: true, ticks: { precision: 0 } },
  },
});

/**
 * Months across, one stacked colour per row (e.g. themes): hidden cells ("< 5") are drawn as
 * nothing (null), never as a guess.
 */
export function stackedByMonth(Chart, canvas, table, { monthLabel, rowLabel, limit = COLOURS.length }) {
  const rows = table.rows.filter((r) => r.total > 0).slice(0, limit);
  const chart = new Chart(canvas, {
    type: 'bar',
    data: {
      labels: table.months.map(monthLabel),
      datasets: rows.map((r, i) => ({
        label: rowLabel(r),
        data: r.cells.map((c) => (typeof c === 'number' ? c : null)),
        backgroundColor: COLOURS[i % COLOURS.length],
      })),
    },
    options: base(true),
  });
  charts.add(chart);
}

/** One horizontal bar per row: the total of its shown cells, largest first. */
export function barsOfTotals(Chart, canvas, table, { rowLabel, limit = 10 }) {
  const rows = table.rows.filter((r) => r.total > 0).slice(0, limit);
  const chart = new Chart(canvas, {
    type: 'bar',
    data: {
      labels: rows.map(rowLabel),
      datasets: [{ data: rows.map((r) => r.total), backgroundColor: COLOURS[0], maxBarThickness: 28 }],
    },
    options: { ...base(false), indexAxis: 'y', plugins: { legend: { display: false } } },
  });
  charts.add(chart);
}

// Canvases keep their screen size when printed unless they are redrawn at the paper's.
window.addEventListener('beforeprint', () => {
  for (const chart of charts) chart.resize(PRINT.width, PRINT.height);
});
window.addEventListener('afterprint', () => {
  for (const chart of charts) chart.resize();
});
