// On a slow link Web Chat (≈ 625 KB) arrives seconds after the tap on a language. Until it does, the
// conversation is drawn here in plain HTML from the Direct Line's REST API (the same conversation
// Web Chat then shows): the bot's answers, their buttons, and a box to type in. Nothing is lost at
// the hand-over: what was said is in the transcript Web Chat receives, an unsent draft moves to its box.
import { el, t } from './i18n.js';

/** Call and SMS buttons open the phone's dialer or messages (Web Chat writes a call button "tel:tel:…"). */
const PHONE_LINK = /^(?:tel:)?((?:tel|sms):\+?\d{2,15})$/;

/** Opens a card's link the page's way: phone numbers in the dialer, our own pages in a new tab. True if handled. */
export function openCardLink(type, value) {
  const link = (type === 'call' || type === 'openUrl') && PHONE_LINK.exec(String(value));
  if (link) return (void window.open(link[1], '_self'), true);
  if (type === 'openUrl' && typeof value === 'string' && /^\/(?!\/)/.test(value))
    return (void window.open(new URL(value, location.origin).href, '_blank', 'noopener,noreferrer'), true);
  return false;
}

/** The bot's markdown, the little of it the answers use: paragraphs, line breaks, **bold**. As DOM nodes, never HTML. */
function paragraphs(text) {
  return String(text ?? '')
    .split(/\n{2,}/)
    .map((block) =>
      el(
        'p',
        {},
        block
          .split(/ {2}\n|\n/)
          .flatMap((line, i) => [
            ...(i ? [el('br')] : []),
            ...line.split(/\*\*(.+?)\*\*/g).map((part, j) => (j % 2 ? el('strong', { text: part }) : part)),
          ]),
      ),
    );
}

/**
 * Draws the conversation in `box` until `stop()`; its buttons and box post to the conversation.
 * Returns { ready, stop }: `ready` settles once the first answer is drawn (or could not be read);
 * stop() removes the drawing and returns the draft typed but not sent.
 */
export function drawFirstAnswer(box, { token, conversationId, texts, tag }) {
  const base = `/v3/directline/conversations/${encodeURIComponent(conversationId)}/activities`;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  let watermark = 0;
  let stopped = false;
  const list = el('div', { class: 'early-list', role: 'log', 'aria-live': 'polite' });
  const chips = el('div', { class: 'early-chips' });
  const input = el('input', {
    type: 'text',
    maxlength: 500,
    placeholder: t(texts, 'web.webchat.placeholder'),
    'aria-label': t(texts, 'web.webchat.input'),
  });
  const form = el(
    'form',
    { class: 'early-send' },
    input,
    el('button', { type: 'submit', class: 'secondary', text: t(texts, 'web.webchat.send') }),
  );

  const button = (action) => {
    const { type, title, value } = action;
    const press = () => {
      if (openCardLink(type, value)) return;
      if (type === 'imBack') return void send({ type: 'message', text: String(value ?? title) }, String(title));
      if (type === 'postBack' || type === 'messageBack') return void send({ type: 'message', value }, undefined);
      if (type === 'openUrl' && /^https?:\/\//.test(String(value)))
        window.open(String(value), '_blank', 'noopener,noreferrer');
    };
    return el('button', { type: 'button', class: 'early-action', dir: 'auto', text: title ?? '', onclick: press });
  };

  const bubble = (activity) => {
    const mine = activity.from?.role === 'user';
    const cards = mine
      ? []
      : (activity.attachments ?? [])
          .filter((a) => a.contentType === 'application/vnd.microsoft.card.hero')
          .flatMap((a) => a.content?.buttons ?? [])
          .map(button);
    // A button's value (postBack) shows nothing, as in Web Chat.
    if (mine && !activity.text) return null;
    return el(
      'div',
      { class: `early-bubble ${mine ? 'from-user' : 'from-bot'}`, dir: 'auto' },
      paragraphs(activity.text),
      cards.length ? el('div', { class: 'early-buttons' }, cards) : null,
    );
  };

  const show = (activities) => {
    const messages = activities.filter((a) => a.type === 'message');
    const drawn = messages.map(bubble).filter(Boolean);
    list.append(...drawn);
    const last = [...messages].reverse().find((a) => a.from?.role !== 'user');
    if (last) chips.replaceChildren(...(last.suggestedActions?.actions ?? []).map(button));
    // A new answer is shown from its start, as Web Chat shows it (autoScrollSnapOnPage).
    drawn.find((b) => b.classList.contains('from-bot'))?.scrollIntoView({ block: 'start' });
  };

  async function fetchNew() {
    const res = await fetch(`${base}?watermark=${watermark}`, { headers: { authorization: headers.authorization } });
    if (!res.ok || stopped) return;
    const page = await res.json();
    watermark = Number(page.watermark ?? watermark);
    show(page.activities ?? []);
  }

  // The bot answers before the POST returns: one read brings the answer.
  async function send(activity, echo) {
    if (stopped) return;
    chips.replaceChildren();
    if (echo) list.append(el('div', { class: 'early-bubble from-user pending', dir: 'auto' }, paragraphs(echo)));
    const res = await fetch(base, { method: 'POST', headers, body: JSON.stringify({ ...activity, locale: tag }) });
    // The read brings the person's own message back: the drawn echo gives way to it.
    list.querySelector('.pending')?.remove();
    if (res.ok) await fetchNew();
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    void send({ type: 'message', text }, text);
  });
  box.replaceChildren(list, chips, form);
  box.hidden = false;
  const ready = fetchNew().catch(() => undefined);
  return {
    ready,
    stop() {
      stopped = true;
      box.hidden = true;
      box.replaceChildren();
      return input.value;
    },
  };
}
