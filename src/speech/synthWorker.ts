import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type * as Threads from 'node:worker_threads';

/** What a worker is asked: SSML for one espeak-ng voice. */
export interface SynthRequest {
  id: number;
  voice: string;
  ssml: string;
}
export type SynthReply = { id: number; mp3: Uint8Array; seconds: number } | { id: number; error: string };

/** Speech is made at 22.05 kHz mono (espeak-ng's rate) and sent as 32 kbit/s MP3: 4 KB a second. */
export const SAMPLE_RATE = 22_050;
export const BITRATE_KBPS = 32;

type Load = (url: string) => Promise<Record<string, unknown>>;

/**
 * The worker thread's program: espeak-ng (WebAssembly) to PCM, LAME (WebAssembly) to MP3. Its
 * source is sent to the worker as text, so it must stay self-contained: no imports, no outer names.
 */
function synthWorkerMain(load: Load, rate: number, kbps: number): void {
  const { parentPort, workerData } = require('node:worker_threads') as typeof Threads;
  const port = parentPort!;
  const ready = (async () => {
    const espeak = (await load(workerData.espeak)) as { default: () => Promise<Record<string, new () => Engine>> };
    const lame = (await load(workerData.mp3)) as { createMp3Encoder: () => Promise<Encoder> };
    const module = await espeak.default();
    return { engine: new module.eSpeakNGWorker(), encoder: await lame.createMp3Encoder() };
  })();
  interface Engine {
    set_voice(voice: string): void;
    synthesize(text: string, callback: (samples: Int16Array) => void): void;
  }
  interface Encoder {
    configure(options: { sampleRate: number; channels: number; bitrate: number }): void;
    encode(samples: Float32Array[]): Uint8Array;
    finalize(): Uint8Array;
  }
  port.on('message', async ({ id, voice, ssml }: { id: number; voice: string; ssml: string }) => {
    try {
      const { engine, encoder } = await ready;
      const chunks: Int16Array[] = [];
      let length = 0;
      engine.set_voice(voice);
      engine.synthesize(ssml, (samples) => {
        if (samples?.length) chunks.push(samples);
        length += samples?.length ?? 0;
      });
      const pcm = new Float32Array(length);
      let at = 0;
      for (const chunk of chunks) for (let i = 0; i < chunk.length; i++) pcm[at++] = chunk[i] / 32768;
      encoder.configure({ sampleRate: rate, channels: 1, bitrate: kbps });
      const head = encoder.encode([pcm]).slice(); // the encoder owns its output buffer: copy it
      const tail = encoder.finalize().slice();
      const mp3 = new Uint8Array(head.length + tail.length);
      mp3.set(head);
      mp3.set(tail, head.length);
      port.postMessage({ id, mp3, seconds: length / rate }, [mp3.buffer]);
    } catch (err) {
      port.postMessage({ id, error: String((err as Error)?.message ?? err) });
    }
  });
}

const resolve = (name: string) => pathToFileURL(createRequire(import.meta.url).resolve(name)).href;

/** Starts one synthesis thread; the engine loads in it (≈0.5 s), never on the event loop. */
export function startSynthWorker(): Worker {
  // `import()` is written in the source text so no bundler or test transform rewrites it.
  const source = `(${synthWorkerMain.toString()})((u) => import(u), ${SAMPLE_RATE}, ${BITRATE_KBPS})`;
  return new Worker(source, {
    eval: true,
    workerData: { espeak: resolve('@echogarden/espeak-ng-emscripten'), mp3: resolve('wasm-media-encoders') },
  });
}
