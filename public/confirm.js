// The page behind a service's confirmation link (/confirmer#<signed token>): the published entry in
// French, "everything is right" or "propose corrections". The token stays in the fragment: it is
// sent in a header, never in a URL the server logs.
import { el, loadTexts, t as webT } from './i18n.js';
import { entryDetails, freshnessLine, noticeList } from './entryCard.js';
import { formatPartialDate } from './partialDate.js';

const $ = (id) => document.getElementById(id);
const token = location.hash.slice(1);
const [web, admin] = await Promise.all([
  loadTexts('fr'),
  fetch('/api/admin/i18n?lang=fr')
    .then((r) => r.json())
    .then((b) => b.texts),
]);
const t = (key, vars) => webT(admin, key, vars);
const call = (method, path, body) =>
  fetch(path, {
    method,
    headers: { 'x-confirm-token': token, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  }).then(async (res) => ({ ok: res.ok, body: await res.json().catch(() => ({})) }));
const say = (text, ok) => {
  $('status').textContent = text;
  $('status').className = ok ? 'ok' : 'warning';
};
const failure = (body) =>
  say(
    t(`admin.error.${body.code}`, { message: body.details?.[0]?.message ?? body.message ?? '' }) || body.message,
    false,
  );

/** French numbers as people write them (04 92 …) become E.164; other numbers are sent as typed. */
const e164 = (n) => {
  const digits = n.replace(/[\s.()-]/g, '');
  return /^0\d{9}$/.test(digits) ? `+33${digits.slice(1)}` : digits;
};

function field(name, label, value = '', multiline = false) {
  const input = multiline
    ? el('textarea', { id: `c-${name}`, name, rows: '3' }, value)
    : el('input', { id: `c-${name}`, name, type: 'text', value });
  return [el('label', { for: `c-${name}` }, label), input];
}

function correctionsForm(entry) {
  const a = entry.address ?? {};
  const form = $('corrections');
  form.replaceChildren(
    ...field('phones', t('admin.confirm.phones'), entry.phones.map((p) => p.display).join('\n'), true),
    ...field('email', t('admin.confirm.email'), entry.email ?? ''),
    ...field('website', t('admin.confirm.website'), entry.website ?? ''),
    ...field('street', t('admin.confirm.street'), a.street ?? ''),
    ...field('postalCode', t('admin.confirm.postal-code'), a.postalCode ?? ''),
    ...field('town', t('admin.confirm.town'), a.town ?? ''),
    ...field('hours', t('admin.confirm.hours'), entry.hours?.osm ?? ''),
    ...field('comment', t('admin.confirm.comment'), '', true),
    el('button', { type: 'submit', class: 'primary' }, t('admin.confirm.send')),
  );
  form.onsubmit = async (event) => {
    event.preventDefault();
    const v = (name) => form.elements[name].value.trim();
    const changes = {};
    const phones = v('phones')
      .split('\n')
      .map((x) => x.trim())
      .filter(Boolean);
    if (phones.join('|') !== entry.phones.map((p) => p.display).join('|'))
      changes.phones = phones.map((n) =>
        entry.phones.find((p) => p.display === n)
          ? { number: entry.phones.find((p) => p.display === n).number }
          : { number: e164(n) },
      );
    if (v('email') !== (entry.email ?? '')) changes.email = v('email') || null;
    if (v('website') !== (entry.website ?? '')) changes.website = v('website') || null;
    if (v('street') !== (a.street ?? '') || v('postalCode') !== (a.postalCode ?? '') || v('town') !== (a.town ?? ''))
      changes.address = v('town')
        ? { ...a, street: v('street') || undefined, postalCode: v('postalCode') || undefined, town: v('town') }
        : null;
    if (v('hours') !== (entry.hours?.osm ?? '')) changes.hours = v('hours') ? { osm: v('hours') } : null;
    const { ok, body } = await call('POST', '/api/confirm/proposal', {
      changes,
      ...(v('comment') ? { comment: v('comment') } : {}),
    });
    if (!ok) return failure(body);
    form.hidden = true;
    $('ok').hidden = $('propose').hidden = true;
    say(t('admin.confirm.proposed'), true);
  };
}

document.title = t('admin.confirm.title');
$('title').textContent = t('admin.confirm.title');
const { ok, body } = await call('GET', '/api/confirm');
if (!ok) failure(body);
else {
  const entry = body.entry;
  $('intro').textContent = t('admin.confirm.intro');
  $('entry').replaceChildren(
    el('h2', { lang: 'fr' }, entry.name),
    ...noticeList(entry, web, 'fr'),
    el('p', { class: 'summary' }, entry.summary.text),
    entryDetails(entry, web, 'fr'),
    freshnessLine(entry, web, 'fr'),
  );
  $('expires').textContent = t('admin.confirm.expires', { date: formatPartialDate(body.expiresAt, 'fr') });
  $('ok').textContent = t('admin.confirm.ok');
  $('propose').textContent = t('admin.confirm.propose');
  $('ok').hidden = $('propose').hidden = false;
  $('ok').onclick = async () => {
    const done = await call('POST', '/api/confirm/ok');
    if (!done.ok) return failure(done.body);
    $('ok').hidden = $('propose').hidden = true;
    $('corrections').hidden = true;
    say(t('admin.confirm.done', { date: formatPartialDate(done.body.verifiedAt, 'fr') }), true);
  };
  $('propose').onclick = () => {
    correctionsForm(entry);
    $('corrections').hidden = false;
  };
}
document.body.dataset.ready = 'true';
