import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/i18n/catalog.js';
import { LOCALES, type Locale } from '../src/common/locales.js';
import { openAudioCache } from '../src/speech/audioCache.js';
import { prepareSpeech, siteName } from '../src/speech/prepare.js';
import { createSpeech, speechWords } from '../src/speech/speech.js';
import { createSynthPool, SpeechBusy } from '../src/speech/synthPool.js';
import { VOICES } from '../src/speech/voices.js';
import { ROOT } from './helpers/app.js';

const catalog = loadCatalog(join(ROOT, 'locales'));
const say = (text: string, lng: Locale) => prepareSpeech(text, lng, speechWords(catalog, lng));

describe('text preparation: what the synthesizer is given', () => {
  it.each([
    ['fr', 'Appelez le 📞 [04 92 53 21 00](tel:+33492532100).', '0 4, 92, 53, 21, 0 0'],
    ['ar', 'اتصل بالرقم 04 92 53 21 00', '0 4, 9 2, 5 3, 2 1, 0 0'],
    ['ti', '\u206804 92 53 21 00\u2069', '0 4, 9 2, 5 3, 2 1, 0 0'],
    ['fa', 'شماره ۰۴ ۹۲ ۵۳ ۲۱ ۰۰', '0 4, 9 2, 5 3, 2 1, 0 0'],
    ['fr', 'Appelez le 115.', 'le 115.'],
    ['ru', 'Звоните 115, 15, 17 или 112.', '115, 15, 17 или 112.'],
    ['fa', 'به ۱۱۵ زنگ بزنید', '115'],
    ['fr', 'La CAF répond au 3230.', 'au 32, 30.'],
    ['uk', 'Телефон 3919.', '3 9, 1 9.'],
    ['fr', 'Depuis février 2026, formulaire S3704.', 'février 2026, formulaire S3704.'],
    ['fr', '12 rue Carnot, 05000 Gap', '0 5000 Gap'],
    ['fr', 'jusqu’à lundi 09:00', 'lundi 9 heures.'],
    ['fr', 'ouvert à 9h30', '9 heures 30.'],
    ['fr', "Appelez, c'est gratuit, 24 h/24 :", '24 heures sur 24 :'],
    ['en', 'Open until 14:30', '14 30.'],
  ] as const)('%s: %s', (lng, text, expected) => {
    expect(say(text, lng)).toContain(expected);
  });

  it('says the site name or "the website", never the address letter by letter', () => {
    const words = speechWords(catalog, 'fr');
    expect(siteName('https://www.service-public.fr/particuliers/vosdroits', words)).toBe('service public');
    expect(siteName('https://www.interieur.gouv.fr', words)).toBe('interieur');
    expect(siteName('https://siao05.fr/fonctionnement-siao05.html', words)).toBe(catalog.texts.fr['audio.website']);
    const said = say('Source officielle : https://siao05.fr/fonctionnement-siao05.html et www.ameli.fr', 'fr');
    expect(said).not.toMatch(/https|siao05|\.fr|www/);
    expect(said).toContain('ameli');
    expect(say('✉️ contact@asso.fr', 'en')).toContain(catalog.texts.en['audio.email']);
  });

  it('strips markdown, emojis and direction marks; escapes what SSML would read as markup', () => {
    const said = say('**\u2068CADA de Gap\u2069**  \n📍 [lien](https://x.fr) _vite_ a < b & c', 'fr');
    expect(said).not.toMatch(/\*|\[|\]\(|📍|\u2068|\u2069|_vite_/);
    expect(said).toContain('CADA de Gap.');
    expect(said).toContain('a &lt; b &amp; c');
  });

  it('reads French names with a French voice inside languages not written in Latin script', () => {
    expect(say('اذهب إلى Mairie de Gap الآن', 'ar')).toContain('<voice xml:lang="fr">Mairie de Gap</voice>');
    expect(say('Идите в CADA de Gap', 'ru')).toContain('<voice xml:lang="fr">CADA de Gap</voice>');
    expect(say('Go to Mairie de Gap', 'en')).not.toContain('<voice');
  });
});

describe('every catalogue string can be heard, or says honestly that its language has no voice', () => {
  const spoken = (lng: Locale) => Object.entries(catalog.texts[lng]).filter(([key]) => !/^(web|admin)\./.test(key));

  it.each(LOCALES)('%s', (lng) => {
    const dir = mkdtempSync(join(tmpdir(), 'passerelle-speech-'));
    const speech = createSpeech({ catalog, contentDir: ROOT, stateDir: dir, cacheBytes: 1e6, workers: 1, queue: 1 });
    const strings = spoken(lng);
    expect(strings.length).toBeGreaterThan(200);
    for (const [key, text] of strings) {
      const source = speech.source(lng, key);
      expect(source, `${lng} ${key}`).toBe(VOICES[lng] ? 'synthetic' : 'none');
      if (source === 'none') expect(speech.register(lng, text, key)).toBeUndefined();
      else expect(say(text, lng), `${lng} ${key}`).toMatch(/[\p{L}\p{N}]/u);
    }
    expect(catalog.texts[lng]['audio.no-voice']).toBeTruthy();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('the voices really exist in the installed engine (espeak-ng WebAssembly)', () => {
  let engine: { set_voice(v: string): void; synthesize(t: string, cb: (s: Int16Array) => void): void };
  let voices: { languages: { name: string }[] }[];
  beforeAll(async () => {
    const engineModule = '@echogarden/espeak-ng-emscripten'; // ships no types
    const espeak = (await import(engineModule)) as {
      default: () => Promise<Record<string, new () => typeof engine & { list_voices(): typeof voices }>>;
    };
    const module = await espeak.default();
    const worker = new module.eSpeakNGWorker();
    voices = worker.list_voices();
    engine = worker;
  });
  const languages = () => new Set(voices.flatMap((v) => v.languages.map((l) => l.name)));

  it.each(LOCALES.filter((l) => VOICES[l]))('%s speaks the housing answer aloud', (lng) => {
    expect(languages()).toContain(VOICES[lng]);
    engine.set_voice(VOICES[lng]!);
    const samples: number[] = [];
    engine.synthesize(say(catalog.texts[lng]['housing.tonight.text'], lng), (s) => {
      for (let i = 0; i < (s?.length ?? 0); i += 50) samples.push(s[i]);
    });
    const rms = Math.sqrt(samples.reduce((a, x) => a + x * x, 0) / samples.length);
    expect(samples.length * 50).toBeGreaterThan(22_050 * 2); // more than two seconds of speech
    expect(rms).toBeGreaterThan(500); // not silence
  });

  it('has no Pashto voice: Pashto is marked "none" instead of read with another language', () => {
    expect([...languages()].filter((l) => /^(ps|pus|pbt)\b/.test(l))).toEqual([]);
    expect(VOICES.ps).toBeNull();
  });
});

describe('recorded voice first', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'passerelle-recordings-'));
    mkdirSync(join(dir, 'locales', 'ti', 'audio'), { recursive: true });
    writeFileSync(join(dir, 'locales', 'ti', 'audio', 'housing.tonight.text.ogg'), 'OggS-recording');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves a native speaker recording for its catalogue key, synthetic speech elsewhere', async () => {
    const speech = createSpeech({ catalog, contentDir: dir, stateDir: dir, cacheBytes: 1e6, workers: 1, queue: 1 });
    const text = catalog.texts.ti['housing.tonight.text'];
    expect(speech.source('ti', 'housing.tonight.text')).toBe('recorded');
    expect(speech.source('ti', 'housing.tonight-tips.text')).toBe('synthetic');
    expect(speech.keyOf('ti', text)).toBe('housing.tonight.text');
    const url = speech.register('ti', text, 'housing.tonight.text')!;
    const audio = await speech.audio('ti', url.split('/').pop()!);
    expect(audio).toEqual({ body: Buffer.from('OggS-recording'), type: 'audio/ogg' });
    await speech.close();
  });
});

describe('bounds', () => {
  it('the synthesis queue refuses work beyond its bound', async () => {
    const started: EventEmitter[] = [];
    const fake = () => {
      const w = Object.assign(new EventEmitter(), {
        postMessage: () => undefined,
        ref: () => undefined,
        unref: () => undefined,
        terminate: async () => 0,
      });
      started.push(w);
      return w as unknown as Worker;
    };
    const pool = createSynthPool({ workers: 1, queue: 1, start: fake });
    const running = pool.synthesize('fr', 'a');
    const waiting = pool.synthesize('fr', 'b');
    await expect(pool.synthesize('fr', 'c')).rejects.toBeInstanceOf(SpeechBusy);
    expect(started).toHaveLength(1);
    expect(pool.pending()).toBe(2);
    started[0].emit('message', { id: 1, mp3: new Uint8Array([1]), seconds: 1 });
    await expect(running).resolves.toMatchObject({ seconds: 1 });
    await pool.close();
    await expect(waiting).rejects.toThrow(/closing/);
  });

  it('the disk cache forgets the least recently heard audio first', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'passerelle-audio-cache-'));
    const cache = openAudioCache(dir, 100);
    const name = (c: string) => `fr-${c.repeat(32)}`;
    await cache.put(name('a'), new Uint8Array(40));
    await cache.put(name('b'), new Uint8Array(40));
    expect(await cache.get(name('a'))).toHaveLength(40); // a is now the most recent
    await cache.put(name('c'), new Uint8Array(40));
    expect(await cache.get(name('b'))).toBeUndefined();
    expect(await cache.get(name('a'))).toHaveLength(40);
    expect(cache.size()).toBe(80);
    expect(openAudioCache(dir, 100).size()).toBe(80); // rebuilt from the folder
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('the README', () => {
  it('shows, per language, whether it is heard recorded, synthetic or not at all', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const dir = mkdtempSync(join(tmpdir(), 'passerelle-speech-'));
    const speech = createSpeech({ catalog, contentDir: ROOT, stateDir: dir, cacheBytes: 1e6, workers: 1, queue: 1 });
    const lines = readme.split('\n');
    const table = lines.slice(lines.findIndex((l) => l.startsWith('| code | audio (recorded / synthetic / none) |')));
    for (const lng of LOCALES) {
      const row = table.find((l) => l.startsWith(`| ${lng} |`));
      expect(row?.split('|').map((c) => c.trim())[2], lng).toBe(speech.source(lng));
    }
    rmSync(dir, { recursive: true, force: true });
  });
});
