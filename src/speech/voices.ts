import type { Locale } from '../common/locales.js';

/**
 * The espeak-ng voice of each language (@echogarden/espeak-ng-emscripten 0.3.5, espeak-ng 1.52),
 * or null when no engine installable here has one. Checked by trying them (test/speech.test.ts):
 * Tigrinya has a voice; Pashto has none in any espeak-ng build, so Pashto says so instead of being
 * read with another language's rules. `fa` is espeak's Persian (Iranian pronunciation) read for Dari.
 */
export const VOICES: Record<Locale, string | null> = {
  fr: 'fr',
  en: 'en',
  ar: 'ar',
  fa: 'fa',
  ps: null,
  ti: 'ti',
  ru: 'ru',
  uk: 'uk',
};

/** Part of every synthetic audio's name: a new engine or encoding makes new files, never stale ones. */
export const SYNTH_VERSION = 'espeak-ng-emscripten-0.3.5/mp3-22050-32k';

export type VoiceSource = 'recorded' | 'synthetic' | 'none';
