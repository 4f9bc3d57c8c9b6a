import { LANGS, applyTexts, browserLanguage, dirOf, el, loadTexts, t } from './i18n.js';
import { dateField } from './dateField.js';
// Offline helpers load on first use: the first screen waits for no module it does not need.
const offline = () => import('./offline.js');
const registerWorker = () => offline().then((m) => m.registerWorker());
const forgetHere = () => import('./saved.js').then((m) => m.forgetHere());

const KEY = 'passerelle.lng';
const FONT = "'Noto Sans', 'Noto Sans Arabic', 'Noto Sans Ethiopic', system-ui, sans-serif";
const $ = (id) => document.getElementById(id);
let texts = {};
// Web Chat (≈ 700 KB compressed) downloads while the person picks a language; the picker never waits for it.
let webChatReady;
const loadWebChat = () =>
  (webChatReady ??= new Promise((resolve, reject) => {
    const script = Object.assign(document.createElement('script'), {
      src: '/static/vendor/webchat.js',
      async: true,
      onload: resolve,
      // Offline: tried again at the next start rather than failed for good.
      onerror: (e) => {
        webChatReady = undefined;
        script.remove();
        reject(e);
      },
    });
    document.head.append(script);
  }));
let session = null;

async function setPageLanguage(code) {
  document.documentElement.lang = code;
  document.documentElement.dir = dirOf(code);
  texts = await loadTexts(code);
  applyTexts(document, texts);
  document.title = t(texts, 'web.chat.title');
}

function showPicker() {
  const list = $('languages');
  list.replaceChildren(
    ...LANGS.map(({ code }) =>
      el(
        'li',
        {},
        el('button', {
          type: 'button',
          class: 'language',
          lang: code,
          dir: dirOf(code),
          'data-lng': code,
          text: texts[`web.language.${code}`] ?? code,
        }),
      ),
    ),
  );
  $('picker').hidden = false;
  $('chat').hidden = true;
  $('language').hidden = true;
  $('emergency').hidden = false;
}

/** No connection: the chat cannot work; the emergency numbers and the contacts kept here can. */
function showOffline(code) {
  $('offline').hidden = false;
  $('emergency').hidden = false;
  $('chat').hidden = true;
  void offline().then(({ savedList, showCopyDate }) => {
    $('saved').replaceChildren(savedList(texts));
    return showCopyDate($('copy-date'), texts, code);
  });
}

function status(key) {
  $('status').textContent = key ? t(texts, key) : '';
  $('retry').hidden = key !== 'web.chat.error';
}

async function start(code) {
  const { tag } = LANGS.find((l) => l.code === code);
  sessionStorage.setItem(KEY, code);
  // The conversation is asked for while the texts load: one round trip less before the first answer.
  const conversation = navigator.onLine
    ? fetch('/v3/directline/tokens/generate', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ locale: tag }),
      }).catch(() => null)
    : Promise.resolve(null);
  if (code !== document.documentElement.lang || !Object.keys(texts).length) await setPageLanguage(code);
  $('picker').hidden = true;
  $('emergency').hidden = true;
  if (!navigator.onLine) return showOffline(code);
  $('chat').hidden = false;
  $('language').hidden = false;
  status('web.chat.loading');
  try {
    const res = await conversation;
    if (!res) throw new TypeError('no connection');
    if (!res.ok) throw new Error(String(res.status));
    const { token, conversationId } = await res.json();
    await loadWebChat();
    // Streaming over WebSocket when the browser can; Direct Line falls back to polling by itself.
    const directLine = window.WebChat.createDirectLine({
      token,
      domain: `${location.origin}/v3/directline`,
      webSocket: true,
      conversationStartProperties: { locale: tag },
    });
    session = { token, conversationId, directLine };
    directLine.connectionStatus$.subscribe((s) =>
      status(s === 2 ? '' : s >= 3 ? 'web.chat.error' : 'web.chat.loading'),
    );
    // "Forget me" typed in the chat: what this phone keeps goes too.
    directLine.activity$.subscribe({
      next: (a) => a.type === 'event' && a.name === 'passerelle.forgotten' && void forgetHere(),
      error: () => undefined, // the conversation ended (quick exit, language change)
    });
    // The offline copy is fetched once the chat runs, so it never slows the first answer.
    setTimeout(() => void registerWorker(), 5000);
    window.WebChat.renderWebChat(
      {
        directLine,
        store: window.WebChat.createStore({}, dateField($('date-field'))),
        cardActionMiddleware: openHere,
        locale: tag,
        dir: dirOf(code),
        styleOptions: {
          primaryFont: FONT,
          accent: '#1a5b96',
          bubbleFromUserBackground: '#1a5b96',
          bubbleFromUserTextColor: '#ffffff',
          bubbleFromUserBorderRadius: 12,
          bubbleBorderRadius: 12,
          bubbleMinHeight: 40,
          suggestedActionLayout: 'flow',
          suggestedActionHeight: 48,
          suggestedActionBorderRadius: 24,
          suggestedActionTextColor: '#0d3c66',
          sendBoxHeight: 56,
          hideUploadButton: true,
          timestampFormat: 'absolute',
          rootHeight: '100%',
        },
      },
      $('webchat'),
    );
  } catch (err) {
    if (!navigator.onLine || err instanceof TypeError) showOffline(code);
    status('web.chat.error');
  }
}

/** Links to this server's own pages (the counter card, the calendar file) are relative: opened here. */
const openHere =
  () =>
  (next) =>
  ({ cardAction, ...rest }) => {
    const { type, value } = cardAction;
    if (type !== 'openUrl' || typeof value !== 'string' || !/^\/(?!\/)/.test(value))
      return next({ cardAction, ...rest });
    window.open(new URL(value, location.origin).href, '_blank', 'noopener,noreferrer');
  };

/** Ends the conversation here and on the server (the bot forgets it), then erases the page. */
function erase() {
  if (!session) return;
  const { conversationId, directLine } = session;
  const token = directLine.token || session.token;
  fetch(`/v3/directline/conversations/${encodeURIComponent(conversationId)}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${token}` },
    keepalive: true,
  }).catch(() => undefined);
  try {
    directLine.end();
  } catch {
    /* already closed */
  }
  session = null;
  $('webchat').replaceChildren();
}

$('exit').addEventListener('click', () => {
  erase();
  sessionStorage.clear();
  void forgetHere().finally(() => location.replace('/exit'));
});
$('language').addEventListener('click', () => {
  erase();
  sessionStorage.removeItem(KEY);
  showPicker();
  $('languages').querySelector('button')?.focus();
});
$('retry').addEventListener('click', () => {
  const code = sessionStorage.getItem(KEY);
  erase();
  if (code) void start(code);
});

// The language buttons are in the page's HTML: a tap before the texts have arrived is kept, not lost.
let ready = false;
let early = null;
$('languages').addEventListener('click', (e) => {
  const code = e.target.closest('button.language')?.dataset.lng;
  if (!code) return;
  if (ready) void start(code);
  else early = code;
});
const chosen = sessionStorage.getItem(KEY);
await setPageLanguage(chosen ?? browserLanguage());
ready = true;
if (chosen ?? early) void start(chosen ?? early);
else showPicker();
// After the picker is on screen, so parsing Web Chat never delays it.
requestAnimationFrame(() => setTimeout(() => loadWebChat().catch(() => undefined), 0));
setTimeout(() => void registerWorker(), 15_000);
