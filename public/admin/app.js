// The admin page: sign-in, entries, the edit form, history, review queue, import/export, insights.
import { api, ApiError, setCsrf } from './api.js';
import { act, openEntry, save, verify } from './editor.js';
import { loadTexts, t, translatePage } from './i18n.js';
import { initInsights, showInsights } from './insights.js';
import { $, errorText, guarded, message } from './ui.js';
import { renderImport, renderList, renderReview } from './views.js';

const SECTIONS = ['login', 'entries', 'edit', 'review', 'transfer', 'insights'];
/** What each role sees (the server enforces the same): observers the insights only, editors not them. */
const VIEWS = {
  admin: ['entries', 'review', 'transfer', 'insights'],
  editor: ['entries', 'review', 'transfer'],
  observer: ['insights'],
};
const state = { user: undefined, schema: undefined, locales: [] };

function show(section) {
  for (const s of SECTIONS) $(s).hidden = s !== section;
  $('nav').hidden = section === 'login';
}

function startLogin() {
  state.user = undefined;
  show('login');
  $('login-email').focus();
}

function signedIn({ user, csrf }) {
  state.user = user;
  setCsrf(csrf);
  $('who').textContent = t('admin.signed-in', { name: user.name, role: t(`admin.role.${user.role}`) });
  for (const link of $('nav').querySelectorAll('a[href^="#/"]'))
    link.hidden = !VIEWS[user.role]?.includes(link.getAttribute('href').slice(2));
}

async function loadEntries() {
  const params = new URLSearchParams();
  for (const id of ['q', 'status', 'theme']) if ($(id).value) params.set(id, $(id).value);
  if ($('mine').checked) params.set('mine', 'true');
  const { entries } = await guarded(() => api('GET', `/api/admin/entries?${params}`));
  renderList($('entry-list'), $('count'), entries);
}

function fillFilters() {
  const opt = (value, text) => Object.assign(document.createElement('option'), { value, textContent: text });
  $('status').replaceChildren(
    opt('', t('admin.list.status-all')),
    ...['published', 'draft', 'needs-verification', 'archived'].map((s) => opt(s, t(`admin.status.${s}`))),
  );
  const themes = state.schema.properties.themes.items.enum;
  $('theme').replaceChildren(
    opt('', t('admin.list.theme-all')),
    ...themes.map((th) => opt(th, t(`themes.${th}`, {}, th))),
  );
}

async function loadReview() {
  const { entries } = await guarded(() => api('GET', '/api/admin/review-queue'));
  renderReview($('review-list'), entries, loadReview);
}

async function runImport(dryRun) {
  const file = $('import-file').files[0];
  if (!file) return;
  const text = await file.text();
  const csv = file.name.toLowerCase().endsWith('.csv');
  const query = `dryRun=${dryRun}&archiveMissing=${$('archive-missing').checked}`;
  try {
    const result = await api(
      'POST',
      `/api/admin/import?${query}`,
      csv ? { body: text, raw: true, type: 'text/csv' } : { body: text, raw: true },
    );
    renderImport($('import-result'), result);
  } catch (err) {
    if (err instanceof ApiError && Array.isArray(err.details))
      renderImport($('import-result'), {
        dryRun: true,
        created: [],
        changed: [],
        archived: [],
        unchanged: [],
        conflicts: err.code === 'version-conflict' ? err.details : [],
        problems: err.code === 'version-conflict' ? [] : err.details,
      });
    message($('flash'), errorText(err), false);
  }
}

async function route() {
  if (!state.user) return startLogin();
  const [, view, id, then] = location.hash.split('/');
  const views = VIEWS[state.user.role] ?? ['entries'];
  // A view this role does not have (an observer's first page, a link shared by an admin): its first one.
  if (!views.includes(view === 'entry' ? 'entries' : view || 'entries')) {
    location.hash = `#/${views[0]}`;
    return;
  }
  if (view === 'insights') {
    show('insights');
    return showInsights();
  }
  if (view === 'entry') {
    show('edit');
    await openEntry(state, id ? decodeURIComponent(id) : undefined);
    if (then === 'verify' && state.entry) verify(state);
    return;
  }
  if (view === 'review') {
    show('review');
    return loadReview();
  }
  if (view === 'transfer') {
    show('transfer');
    $('apply-import').disabled = state.user.role !== 'admin';
    return;
  }
  show('entries');
  return loadEntries();
}

async function afterSignIn(session) {
  signedIn(session);
  if (session.user.role === 'observer') return route();
  const { schema, locales } = await api('GET', '/api/admin/schema');
  state.schema = schema;
  state.locales = locales;
  fillFilters();
  await route();
}

async function main() {
  await loadTexts();
  translatePage();
  $('login-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const session = await api('POST', '/api/admin/login', {
        body: { email: $('login-email').value, password: $('login-password').value },
      });
      $('login-password').value = '';
      message($('login-error'), '', true);
      await afterSignIn(session);
    } catch (err) {
      message($('login-error'), errorText(err), false);
    }
  });
  $('logout').addEventListener('click', async () => {
    await api('POST', '/api/admin/logout').catch(() => undefined);
    startLogin();
  });
  $('filters').addEventListener('input', () => void loadEntries().catch(() => undefined));
  $('filters').addEventListener('submit', (e) => e.preventDefault());
  $('new-entry').addEventListener('click', () => {
    location.hash = '#/entry/';
  });
  $('entry-form').addEventListener('submit', (e) => void save(state, e));
  $('edit-actions').addEventListener('click', (e) => {
    const a = e.target.closest('button')?.dataset.action;
    if (a) void act(state, a).catch(() => undefined);
  });
  initInsights();
  $('dry-run').addEventListener('click', () => void runImport(true));
  $('apply-import').addEventListener('click', () => void runImport(false));
  window.addEventListener('admin:signed-out', startLogin);
  window.addEventListener('hashchange', () => void route().catch(() => undefined));
  try {
    await afterSignIn(await api('GET', '/api/admin/me'));
  } catch {
    startLogin();
  }
}

void main();
