import { startApp, type AppOptions, type TestApp } from './app.js';
import { postActivity, type Answer } from './http.js';

export interface ServerOptions extends AppOptions {
  /**
   * Listen as production does (app.listen): the language models compile first (seconds of CPU)
   * and /readyz says ready. Without it the server listens at once and compiles them on first use.
   */
  warm?: boolean;
}

export interface TestServer extends TestApp {
  /** Base URL, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  /** POSTs an activity (an object, or a raw string) to /api/messages. */
  post(body: unknown, headers?: Record<string, string>): Promise<Answer>;
}

/** The real app in this process, listening on 127.0.0.1 on a free port (see startApp for the rest). */
export async function startServer(options: ServerOptions = {}): Promise<TestServer> {
  const started = await startApp(options);
  const { app } = started;
  try {
    let url: string;
    if (options.warm) url = (await app.listen(0, '127.0.0.1')).replace(/\/$/, '');
    else {
      await new Promise<void>((done) => app.server.listen(0, '127.0.0.1', () => done()));
      url = `http://127.0.0.1:${app.server.address().port}`;
    }
    return { ...started, url, post: (body, headers) => postActivity(url, body, headers) };
  } catch (err) {
    await started.close();
    throw err;
  }
}
