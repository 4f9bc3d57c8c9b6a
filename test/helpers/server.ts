import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/shared/logger.js';

export interface TestServer {
  app: App;
  config: Config;
  /** Base URL, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  stateDir: string;
  close(): Promise<void>;
}

/**
 * A real Passerelle on a free port with its own temporary STATE_DIR and the repository's content
 * (dialogs, locales, data/directory.json unless `env.DIRECTORY_FILE` says otherwise).
 */
export async function startServer(env: Record<string, string> = {}): Promise<TestServer> {
  const stateDir = mkdtempSync(join(tmpdir(), 'passerelle-test-'));
  const config = loadConfig({ LOG_LEVEL: 'silent', ...env, STATE_DIR: stateDir, PORT: '0', HOST: '127.0.0.1' });
  const app = await createApp(config, { logger: createLogger('silent') });
  const url = (await app.listen(0, '127.0.0.1')).replace(/\/$/, '');
  return {
    app,
    config,
    url,
    stateDir,
    async close() {
      await app.close();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** fetch + JSON for API tests: status, body (parsed when JSON) and headers. */
export async function request(url: string, init: RequestInit & { json?: unknown; token?: string } = {}) {
  const headers = new Headers(init.headers);
  if (init.json !== undefined) headers.set('content-type', 'application/json');
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  const res = await fetch(url, {
    ...init,
    headers,
    body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
  });
  const text = await res.text();
  let body: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json') && text) body = JSON.parse(text);
  return { status: res.status, body: body as any, headers: res.headers };
}
