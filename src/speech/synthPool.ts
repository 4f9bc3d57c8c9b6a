import type { Worker } from 'node:worker_threads';
import type { SynthReply, SynthRequest } from './synthWorker.js';

/** Thrown when every worker is busy and the queue is full: the caller answers 503. */
export class SpeechBusy extends Error {}

export interface SynthPoolOptions {
  workers: number;
  /** Requests waiting for a worker beyond the ones running. */
  queue: number;
  /** Starts one worker (tests pass a fake). */
  start: () => Worker;
}

interface Job {
  request: SynthRequest;
  resolve(reply: { mp3: Uint8Array; seconds: number }): void;
  reject(err: Error): void;
}

export interface SynthPool {
  synthesize(voice: string, ssml: string): Promise<{ mp3: Uint8Array; seconds: number }>;
  /** Requests waiting or running. */
  pending(): number;
  close(): Promise<void>;
}

/**
 * Synthesis off the event loop: a few worker threads, started on first use, and a bounded queue.
 * A crashed worker fails its job and is replaced on the next request.
 */
export function createSynthPool({ workers: size, queue, start }: SynthPoolOptions): SynthPool {
  const idle: Worker[] = [];
  const busy = new Map<Worker, Job>();
  const waiting: Job[] = [];
  let started = 0;
  let next = 1;

  const settle = (worker: Worker, reply: SynthReply) => {
    const job = busy.get(worker);
    busy.delete(worker);
    if (job) {
      if ('error' in reply) job.reject(new Error(`speech synthesis failed: ${reply.error}`));
      else job.resolve(reply);
    }
    idle.push(worker);
    worker.unref(); // an idle thread never keeps the process alive
    pump();
  };
  const spawn = () => {
    const worker = start();
    started++;
    worker.on('message', (reply: SynthReply) => settle(worker, reply));
    worker.on('error', (err) => {
      busy.get(worker)?.reject(new Error(`speech worker failed: ${err.message}`));
      busy.delete(worker);
      if (idle.includes(worker)) idle.splice(idle.indexOf(worker), 1);
      started--;
      pump();
    });
    return worker;
  };
  const pump = () => {
    while (waiting.length && (idle.length || started < size)) {
      const worker = idle.pop() ?? spawn();
      const job = waiting.shift()!;
      busy.set(worker, job);
      worker.ref();
      worker.postMessage(job.request);
    }
  };
  return {
    synthesize(voice, ssml) {
      const free = idle.length > 0 || started < size;
      if (!free && waiting.length >= queue) return Promise.reject(new SpeechBusy('speech queue is full'));
      return new Promise((resolve, reject) => {
        waiting.push({ request: { id: next++, voice, ssml }, resolve, reject });
        pump();
      });
    },
    pending: () => waiting.length + busy.size,
    async close() {
      for (const job of [...waiting.splice(0), ...busy.values()]) job.reject(new Error('speech is closing'));
      await Promise.all([...idle, ...busy.keys()].map((w) => w.terminate()));
      idle.length = 0;
      busy.clear();
    },
  };
}
