import type { Logger } from './logger.js';

/** Background timers, each stopped on close; a failing task is logged, never fatal. */
export function every(ms: number, logger: Logger, task: string, run: () => unknown): () => void {
  const timer = setInterval(() => {
    Promise.resolve()
      .then(run)
      .catch((err: Error) => logger.error({ task, err: { message: err.message } }, 'background task failed'));
  }, ms);
  timer.unref();
  return () => clearInterval(timer);
}
