import { dirOf, el, t } from './i18n.js';

let voices;
/** Which languages can be heard: recorded / synthetic / none (GET /api/audio/voices), fetched once. */
export const loadVoices = () =>
  (voices ??= fetch('/api/audio/voices')
    .then((r) => (r.ok ? r.json() : {}))
    .catch(() => ({})));

/**
 * A "listen" button for one directory entry in one language: the first press loads the card's
 * audio (the server reads the card as the chat shows it) into a player and plays it. A language
 * without a voice says so instead.
 */
export function listenButton(entryId, lang, texts, heard) {
  const dir = dirOf(lang);
  if (heard === 'none')
    return el('span', { class: 'listen no-voice no-print', lang, dir }, t(texts, 'web.audio.no-voice'));
  const wrap = el('span', { class: 'listen no-print' });
  const button = el('button', {
    type: 'button',
    class: 'secondary listen-button',
    lang,
    dir,
    'data-lang': lang,
    text: `🔊 ${t(texts, 'web.audio.listen')}`,
  });
  button.addEventListener('click', () => {
    let audio = wrap.querySelector('audio');
    if (!audio) {
      const src = `/api/directory/entries/${encodeURIComponent(entryId)}/audio?lang=${encodeURIComponent(lang)}`;
      audio = el('audio', { controls: true, preload: 'auto', src });
      wrap.append(audio);
    }
    void audio.play().catch(() => undefined);
  });
  wrap.prepend(button);
  return wrap;
}
