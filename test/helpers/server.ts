// Kept for tests written before test/harness: the same names and signatures, now thin wrappers
// over the harness (which runs every app on a temporary copy of data/directory.json).
import { startServer as startHarnessServer, type TestServer } from '../harness/server.js';
import { optionsFromEnv } from './app.js';

export type { TestServer };
export { request } from '../harness/http.js';

/**
 * A real Passerelle on a free port with its own temporary STATE_DIR, listening as production does
 * (language models compiled first): startServer({ env, warm: true }) of test/harness.
 */
export function startServer(env: Record<string, string> = {}): Promise<TestServer> {
  return startHarnessServer({ ...optionsFromEnv(env), warm: true });
}
