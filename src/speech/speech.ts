import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Catalog } from '../i18n/catalog.js';
import type { Locale } from '../common/locales.js';
import { openAudioCache } from './audioCache.js';
import { prepareSpeech, type SpeechWords } from './prepare.js';
import { loadRecordings } from './recordings.js';
import { createSynthPool } from './synthPool.js';
import { startSynthWorker } from './synthWorker.js';
import { SYNTH_VERSION, VOICES, type VoiceSource } from './voices.js';

export interface SpeechOptions {
  catalog: Catalog;
  /** The repository root: recordings are in locales/<lng>/audio/. */
  contentDir: string;
  stateDir: string;
  cacheBytes: number;
  workers: number;
  queue: number;
  /** Texts remembered for their audio URL (the oldest are forgotten first). */
  remember?: number;
  /** Starts a synthesis thread (tests may pass a fake). */
  startWorker?: typeof startSynthWorker;
}

export interface Audio {
  body: Buffer;
  type: string;
}

export interface Speech {
  /** recorded / synthetic / none for one catalogue text (or any text, without a key). */
  source(lng: Locale, key?: string): VoiceSource;
  /**
   * Remembers a text the server rendered and returns the path of its audio, or undefined when
   * the language has no voice and no recording for it. Cheap: no synthesis, no I/O.
   */
  register(lng: Locale, text: string, key?: string): string | undefined;
  /** The audio of a registered text (synthesised on first request), or undefined if unknown. */
  audio(lng: string, hash: string): Promise<Audio | undefined>;
  /** The catalogue key whose text (in that language) is exactly `text`, if any. */
  keyOf(lng: Locale, text: string): string | undefined;
  /** Words the text preparation says in a language. */
  words(lng: Locale): SpeechWords;
  pending(): number;
  close(): Promise<void>;
}

interface Registered {
  lng: Locale;
  text: string;
  key?: string;
}

/** The words text preparation says in a language, from the `audio.*` catalogue keys. */
export function speechWords(catalog: Catalog, lng: Locale): SpeechWords {
  const t = catalog.t(lng);
  return {
    website: t('audio.website'),
    email: t('audio.email'),
    allDay: t('audio.all-day'),
    time: (hours, minutes) =>
      minutes
        ? t('audio.time', { hours: String(hours), minutes: String(minutes) })
        : t('audio.time-hour', { hours: String(hours) }),
  };
}

/** Catalogue key by its exact text in a language (built once per language, on first use). */
function catalogKeys(catalog: Catalog): (lng: Locale, text: string) => string | undefined {
  const keys = new Map<Locale, Map<string, string>>();
  return (lng, text) => {
    let byText = keys.get(lng);
    if (!byText) {
      byText = new Map(Object.entries(catalog.texts[lng] ?? {}).map(([key, value]) => [value, key]));
      keys.set(lng, byText);
    }
    return byText.get(text);
  };
}

/** A turn's texts repeat (menus, answers): their addresses are hashed once (bounded, emptied when full). */
const hashes = new Map<string, string>();
function hashOf(id: string, build: () => string): string {
  let hash = hashes.get(id);
  if (hash === undefined) {
    if (hashes.size >= 10_000) hashes.clear();
    hashes.set(id, (hash = build()));
  }
  return hash;
}

/** The speech service: what may be heard, its audio on demand, cached on disk. */
export function createSpeech(options: SpeechOptions): Speech {
  const { catalog, remember = 20_000 } = options;
  const recordings = loadRecordings(join(options.contentDir, 'locales'), catalog.locales);
  const cache = openAudioCache(join(options.stateDir, 'audio'), options.cacheBytes);
  const pool = createSynthPool({
    workers: options.workers,
    queue: options.queue,
    start: options.startWorker ?? startSynthWorker,
  });
  const texts = new Map<string, Registered>();
  const keyOf = catalogKeys(catalog);
  const inflight = new Map<string, Promise<Audio | undefined>>();
  const recording = (lng: Locale, key?: string) => (key ? recordings[lng]?.get(key) : undefined);
  const source = (lng: Locale, key?: string): VoiceSource =>
    recording(lng, key) ? 'recorded' : VOICES[lng] ? 'synthetic' : 'none';
  const words = (lng: Locale) => speechWords(catalog, lng);

  const produce = async (hash: string, entry: Registered): Promise<Audio | undefined> => {
    const found = recording(entry.lng, entry.key);
    if (found) return { body: await readFile(found.path), type: found.type };
    const voice = VOICES[entry.lng];
    if (!voice) return undefined;
    const { mp3 } = await pool.synthesize(voice, prepareSpeech(entry.text, entry.lng, words(entry.lng)));
    await cache.put(hash, mp3);
    return { body: Buffer.from(mp3.buffer, mp3.byteOffset, mp3.length), type: 'audio/mpeg' };
  };

  return {
    source,
    words,
    keyOf,
    register(lng, text, key) {
      const heard = source(lng, key);
      if (heard === 'none' || !text.trim()) return undefined;
      const version = heard === 'recorded' ? recording(lng, key)!.version : SYNTH_VERSION;
      const hash = hashOf(
        `${lng}\u0000${version}\u0000${text}`,
        () => `${lng}-${createHash('sha256').update(`${version}\u0000${text}`).digest('base64url').slice(0, 32)}`,
      );
      if (texts.has(hash)) texts.delete(hash);
      else if (texts.size >= remember) texts.delete(texts.keys().next().value!);
      texts.set(hash, { lng, text, ...(heard === 'recorded' ? { key } : {}) });
      return `/api/audio/${lng}/${hash}`;
    },
    async audio(lng, hash) {
      if (!hash.startsWith(`${lng}-`)) return undefined;
      const entry = texts.get(hash);
      if (entry?.key) return produce(hash, entry);
      // On disk means the server produced it once (texts are forgotten on restart, files stay).
      const cached = await cache.get(hash);
      if (cached) return { body: cached, type: 'audio/mpeg' };
      if (!entry) return undefined;
      let running = inflight.get(hash);
      if (!running) {
        running = produce(hash, entry).finally(() => inflight.delete(hash));
        inflight.set(hash, running);
      }
      return running;
    },
    pending: () => pool.pending(),
    close: () => pool.close(),
  };
}
