// Passerelle's service worker (issue 18): the directory page, the printable sheet, the counter card,
// the emergency numbers, the fonts and the directory's public data stay usable offline. Network
// first (people get today's data when they have a connection), the last copy otherwise, dated.
// Nothing about the person is cached: no conversation, no admin page, no calendar file, no audio.
const CACHE = 'passerelle-offline-v1';
const COPY = '/__passerelle/copy';
const LANGS = ['fr', 'en', 'ar', 'fa', 'ps', 'ti', 'ru', 'uk'];
const PRECACHE = [
  '/',
  '/annuaire',
  '/annuaire/fiche',
  '/urgences',
  '/carte',
  '/manifest.webmanifest',
  ...[
    'chat.js',
    'chat.css',
    'i18n.js',
    'fonts.css',
    'directory.css',
    'annuaire.js',
    'sheet.js',
    'entryCard.js',
    'listen.js',
    'partialDate.js',
    'card.js',
    'card.css',
    'saved.js',
    'offline.js',
    'emergency.js',
    'dateField.js',
    'webchatOptions.js',
    'firstAnswer.js',
    'reportForm.js',
    'offlineSearch.js',
    'icon.svg',
    'vendor/qrcode.mjs',
    'vendor/html-to-image.js',
  ].map((f) => `/static/${f}`),
  ...LANGS.flatMap((l) => [`/api/i18n/${l}/web`, `/api/i18n/${l}/needs`]),
  '/api/directory/communes',
  '/api/directory/themes?lang=fr',
  '/api/directory/themes?lang=en',
  '/api/directory/languages',
];
/** The directory page's languages: its whole public copy is kept in each, 100 entries a page (offlineSearch.js). */
const DIRECTORY_LANGS = ['fr', 'en'];
/** Never cached: conversations, admin, personal files, audio, Web Chat (the chat needs a connection anyway). */
const NEVER =
  /^\/(?:v3\/|api\/messages|api\/admin|admin|api\/renewal\.ics|api\/audio|api\/directory\/entries\/[^/]+\/audio|static\/vendor\/webchat\.js|sw\.js|healthz|readyz)/;

async function stamp(cache) {
  await cache.put(COPY, new Response(JSON.stringify({ date: new Date().toISOString() })));
}

async function precache() {
  const cache = await caches.open(CACHE);
  const fonts = await fetch('/static/fonts.css')
    .then((r) => r.text())
    .then((css) => [...css.matchAll(/\/static\/fonts\/[\w.-]+\.woff2/g)].map((m) => m[0]))
    .catch(() => []);
  await cache.addAll([...PRECACHE, ...new Set(fonts)]);
  for (const lang of DIRECTORY_LANGS) await keepDirectory(cache, lang);
  await stamp(cache);
}

/** Every page of the public directory in one language, as the page asks for it. */
async function keepDirectory(cache, lang) {
  for (let offset = 0; ; offset += 100) {
    const url = `/api/directory/search?lang=${lang}&limit=100${offset ? `&offset=${offset}` : ''}`;
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    const page = await response.clone().json();
    await cache.put(url, response);
    if (!page.results.length || offset + page.results.length >= page.total) return;
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(names.filter((n) => n.startsWith('passerelle-') && n !== CACHE).map((n) => caches.delete(n))),
      )
      .then(() => self.clients.claim()),
  );
});

/** The cached copy of a request: pages by path alone (a sheet's ?ids= or a card's # are read by the page). */
async function cached(request, url) {
  const cache = await caches.open(CACHE);
  if (request.mode === 'navigate') return (await cache.match(url.pathname)) ?? cache.match('/');
  return cache.match(request);
}

async function networkFirst(request, url) {
  try {
    const response = await fetch(request);
    if (response.ok && response.type === 'basic') {
      const cache = await caches.open(CACHE);
      const key = request.mode === 'navigate' ? url.pathname : request;
      await cache.put(key, response.clone());
      if (url.pathname.startsWith('/api/directory/')) await stamp(cache);
    }
    return response;
  } catch (err) {
    const copy = await cached(request, url);
    if (copy) return copy;
    throw err;
  }
}

async function cacheFirst(request, url) {
  return (await cached(request, url)) ?? networkFirst(request, url);
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || NEVER.test(url.pathname)) return;
  const fonts = url.pathname.startsWith('/static/fonts/');
  event.respondWith(fonts ? cacheFirst(request, url) : networkFirst(request, url));
});
