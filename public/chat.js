import { LANGS, applyTexts, browserLanguage, dirOf, el, loadScript, loadTexts, t, unreviewed } from './i18n.js';
import { webChatOptions } from './webchatOptions.js';
import { dateField } from './dateField.js';
import { drawFirstAnswer, openCardLink } from './firstAnswer.js';
// Offline helpers load on first use: the first screen waits for no module it does not need.
const offline = () => import('./offline.js');
const registerWorker = () => offline().then((m) => m.registerWorker());
const forgetHere = () => import('./saved.js').then((m) => m.forgetHere());

const KEY = 'passerelle.lng';
const FONT = "'Noto Sans', 'Noto Sans Arabic', 'Noto Sans Ethiopic', system-ui, sans-serif";
const $ = (id) => document.getElementById(id);
let texts = {};
// Web Chat (≈ 700 KB compressed) downloads while the person picks a language; the picker never waits for it.
const loadWebChat = () => loadScript('/static/vendor/webchat.js');
let session = null;
// The neutral page the quick exit goes to (QUICK_EXIT_URL); the blank /exit until the setting is known.
let exitUrl = '/exit';
fetch('/api/web/settings')
  .then((r) => r.json())
  .then((settings) => (exitUrl = settings.quickExitUrl || exitUrl))
  .catch(() => undefined);

/** Call and SMS buttons, and links to this server's own pages (the counter card, the calendar file): see firstAnswer.js. */
const cardActionMiddleware = () => (next) => (action) => {
  const { type, value } = action.cardAction ?? {};
  return openCardLink(type, value) ? undefined : next(action);
};

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

/** In a language nobody has reviewed yet, the chat says so above the conversation, in that language. */
async function showNotice(code) {
  const notice = $('notice');
  notice.hidden = !(await unreviewed(code));
  notice.textContent = t(texts, 'web.notice.chat');
  notice.setAttribute('aria-expanded', 'false');
}
// The notice is one line until tapped (or reached with the keyboard): the answer keeps the screen.
$('notice').tabIndex = 0;
const toggleNotice = () =>
  $('notice').setAttribute('aria-expanded', String($('notice').getAttribute('aria-expanded') !== 'true'));
$('notice').addEventListener('click', toggleNotice);
$('notice').addEventListener('keydown', (e) => {
  if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    toggleNotice();
  }
});

async function start(code) {
  // A conversation under way goes on in the new language: the bot asks its question again, nothing is lost.
  if (session) return switchLanguage(code);
  const { tag } = LANGS.find((l) => l.code === code);
  sessionStorage.setItem(KEY, code);
  // The conversation starts while the texts load (the bot greets during this request): one round trip less.
  const conversation = navigator.onLine
    ? fetch('/v3/directline/conversations', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ locale: tag }),
      }).catch(() => null)
    : Promise.resolve(null);
  if (code !== document.documentElement.lang || !Object.keys(texts).length) await setPageLanguage(code);
  void showNotice(code);
  if (!navigator.onLine) {
    $('picker').hidden = true;
    return showOffline(code);
  }
  showChat();
  status('web.chat.loading');
  try {
    const res = await conversation;
    if (!res) throw new TypeError('no connection');
    if (!res.ok) throw new Error(String(res.status));
    const { token, conversationId } = await res.json();
    let handedOver;
    session = { token, conversationId, ready: new Promise((resolve) => (handedOver = resolve)) };
    // Web Chat still on its way (a slow link): the first answer is drawn without it, and can be answered.
    if (!window.WebChat) {
      $('webchat').classList.add('waiting');
      session.early = drawFirstAnswer($('early'), { token, conversationId, texts, tag });
      void session.early.ready.then(() => session?.early && status(''));
    }
    await loadWebChat();
    if (!session || session.conversationId !== conversationId) return; // left meanwhile (quick exit)
    // Streaming over WebSocket when the browser can; Direct Line falls back to polling by itself.
    const directLine = window.WebChat.createDirectLine({
      token,
      domain: `${location.origin}/v3/directline`,
      webSocket: true,
      conversationStartProperties: { locale: tag },
    });
    // One store for the conversation: a new language re-renders Web Chat and keeps the transcript.
    const store = window.WebChat.createStore({}, dateField($('date-field')));
    Object.assign(session, { directLine, store });
    directLine.connectionStatus$.subscribe((s) =>
      status(s === 2 || (s < 3 && session?.early) ? '' : s >= 3 ? 'web.chat.error' : 'web.chat.loading'),
    );
    // "Forget me" typed in the chat: what this phone keeps goes too.
    directLine.activity$.subscribe({
      next: (a) => a.type === 'event' && a.name === 'passerelle.forgotten' && void forgetHere(),
      error: () => undefined, // the conversation ended (quick exit)
    });
    // The offline copy is fetched once the chat runs, so it never slows the first answer.
    setTimeout(() => void registerWorker(), 5000);
    renderChat(code);
    await handOver(session);
    handedOver();
  } catch (err) {
    // Web Chat never came (the link dropped): this conversation ends; "retry" opens a new one.
    if (session && !session.store) erase();
    if (!navigator.onLine || err instanceof TypeError) showOffline(code);
    status('web.chat.error');
  }
}

/** Web Chat shows the conversation: the plain drawing gives way, an unsent draft goes into Web Chat's box. */
function handOver(current) {
  if (!current.early) return Promise.resolve();
  const box = $('webchat');
  return new Promise((resolve) => {
    const done = () => {
      observer.disconnect();
      clearTimeout(timer);
      box.classList.remove('waiting');
      const draft = current.early?.stop();
      current.early = undefined;
      if (draft) current.store.dispatch({ type: 'WEB_CHAT/SET_SEND_BOX', payload: { text: draft } });
      resolve();
    };
    const observer = new MutationObserver(() => box.querySelector('.webchat__bubble') && done());
    observer.observe(box, { childList: true, subtree: true });
    // Web Chat could not show the transcript (connection lost): its own status says so.
    const timer = setTimeout(done, 15_000);
  });
}

function showChat() {
  $('picker').hidden = true;
  $('emergency').hidden = true;
  $('chat').hidden = false;
  $('language').hidden = false;
}

/** The page, Web Chat and the bot in another language; the conversation (town, answers) stays. */
async function switchLanguage(code) {
  sessionStorage.setItem(KEY, code);
  await setPageLanguage(code);
  // Picked again before Web Chat has taken over: the change waits for it.
  await session.ready;
  if (!session) return;
  void showNotice(code);
  showChat();
  session.store.dispatch({
    type: 'WEB_CHAT/SEND_POST_BACK',
    payload: { value: { command: 'language', locale: code } },
  });
  renderChat(code);
}

function renderChat(code) {
  const { tag } = LANGS.find((l) => l.code === code);
  const { directLine, store } = session;
  window.WebChat.renderWebChat(
    {
      directLine,
      store,
      locale: tag,
      dir: dirOf(code),
      cardActionMiddleware,
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
        // A long answer (the emergency numbers, contacts) is shown from its start, not scrolled to its end.
        autoScrollSnapOnPage: true,
      },
      ...webChatOptions({ tag, texts }),
    },
    $('webchat'),
  );
}

/** Ends the conversation here and on the server (the bot forgets it), then erases the page. */
function erase() {
  if (!session) return;
  const { conversationId, directLine, early: drawing } = session;
  const token = directLine?.token || session.token;
  drawing?.stop();
  fetch(`/v3/directline/conversations/${encodeURIComponent(conversationId)}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${token}` },
    keepalive: true,
  }).catch(() => undefined);
  try {
    directLine?.end();
  } catch {
    /* already closed */
  }
  session = null;
  $('webchat').classList.remove('waiting');
  $('webchat').replaceChildren();
}

// Replace, not navigate: the chat leaves no entry in the history that Back could return to.
$('exit').addEventListener('click', () => {
  erase();
  sessionStorage.clear();
  void forgetHere().finally(() => location.replace(exitUrl));
});
// A page restored from the back-forward cache after a quick exit shows nothing of the conversation.
window.addEventListener('pageshow', (event) => {
  if (event.persisted && !sessionStorage.getItem(KEY)) location.reload();
});
// Changing language keeps the conversation: the picker, then the same conversation in that language.
$('language').addEventListener('click', () => {
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
