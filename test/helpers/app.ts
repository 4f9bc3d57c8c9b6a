// Kept for tests written before test/harness: the same names and signatures, now thin wrappers
// over the harness (which runs every app on a temporary copy of data/directory.json).
import { resolve } from 'node:path';
import { startApp, type AppOptions, type TestApp } from '../harness/app.js';
import { ROOT } from '../harness/paths.js';

export { ROOT };
export {
  afterTown,
  allText,
  choiceIds,
  conversation,
  entriesShown,
  waitingNode,
  type Reply,
} from '../harness/conversation.js';

/** Harness options from configuration given as environment (STATE_DIR and DIRECTORY_FILE become paths). */
export function optionsFromEnv(env: Record<string, string>): AppOptions {
  const { STATE_DIR, DIRECTORY_FILE, ...rest } = env;
  return {
    env: rest,
    ...(STATE_DIR ? { stateDir: resolve(ROOT, STATE_DIR) } : {}),
    ...(DIRECTORY_FILE ? { directoryFile: resolve(ROOT, DIRECTORY_FILE) } : {}),
  };
}

/** A real app on the real content, with its own temporary STATE_DIR: startApp({ env }). */
export function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  return startApp(optionsFromEnv(env));
}
