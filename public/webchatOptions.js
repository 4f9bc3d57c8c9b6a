// Web Chat in the person's language: its own strings (4.18 ships none for Dari, Pashto or Tigrinya)
// and 24-hour times. (Each paragraph's direction comes from its own text: see chat.css.)
import { t } from './i18n.js';

/** Web Chat's string ids → our keys in locales/<lng>/web.json. */
const STRINGS = {
  TEXT_INPUT_PLACEHOLDER: 'web.webchat.placeholder',
  TEXT_INPUT_ALT: 'web.webchat.input',
  TEXT_INPUT_SEND_BUTTON_ALT: 'web.webchat.send',
  SEND_BOX_IS_EMPTY_TOOLTIP_ALT: 'web.webchat.empty',
  TEXT_INPUT_LENGTH_EXCEEDED_ALT: 'web.webchat.too-long',
  ACTIVITY_STATUS_SEND_STATUS_ALT_SENDING: 'web.webchat.sending',
  ACTIVITY_STATUS_SEND_FAILED_RETRY: 'web.webchat.send-failed',
  CONNECTIVITY_STATUS_ALT_CONNECTED: 'web.webchat.connected',
  CONNECTIVITY_STATUS_ALT_CONNECTING: 'web.webchat.connecting',
  CONNECTIVITY_STATUS_ALT_FATAL: 'web.webchat.fatal',
  CONNECTIVITY_STATUS_ALT_RECONNECTING: 'web.webchat.reconnecting',
  CONNECTIVITY_STATUS_ALT_SLOW_CONNECTION: 'web.webchat.slow',
  ACTIVITY_BOT_SAID_ALT: 'web.webchat.bot-said',
  ACTIVITY_YOU_SAID_ALT: 'web.webchat.you-said',
  SUGGESTED_ACTIONS_LABEL_ALT: 'web.webchat.suggested',
  MARKDOWN_EXTERNAL_LINK_ALT: 'web.webchat.external-link',
};

export const webChatStrings = (texts) =>
  Object.fromEntries(Object.entries(STRINGS).map(([id, key]) => [id, t(texts, key)]));

/**
 * A React element for Web Chat 4.18's middleware, which accepts only elements or false. Web Chat
 * bundles React 16 without exposing it; its elements are plain objects marked with this symbol
 * (browser-i18n.test.ts checks that the times show, should a Web Chat upgrade change React).
 */
const span = (className, text) => ({
  $$typeof: Symbol.for('react.element'),
  type: 'span',
  key: null,
  ref: null,
  props: { className, children: text },
  _owner: null,
});

/**
 * Times as "14:05" in the person's language and digits: Web Chat's own formatter is compiled with a
 * 12-hour pattern for every language ("10:30 AM" even in French). Sending and failed messages keep
 * Web Chat's status, whose strings are ours.
 */
function timestamps(tag) {
  const format = new Intl.DateTimeFormat([tag, 'fr-FR'], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return () => (next) => (args) => {
    if (args.sendState === 'sending' || args.sendState === 'send failed') return next(args);
    const at = new Date(args.activity.timestamp ?? '');
    if (args.hideTimestamp || Number.isNaN(at.getTime())) return false;
    return span('passerelle-time', format.format(at));
  };
}

/** The renderWebChat props that make Web Chat speak the page's language. */
export function webChatOptions({ tag, texts }) {
  return { overrideLocalizedStrings: webChatStrings(texts), activityStatusMiddleware: timestamps(tag) };
}
