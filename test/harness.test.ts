import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIRECTORY, fakeClock, request, startApp, startServer } from './harness/index.js';
import { conversation, startTestApp, waitingNode } from './helpers/app.js';
import { startServer as startHelperServer } from './helpers/server.js';

// The harness keeps its promises: every app runs on its own copies, a fake clock when asked, and
// close() leaves nothing behind. The helpers/ wrappers written before it still work.

describe('test harness', () => {
  it('runs an app on a temporary copy of the directory: its writes never reach data/directory.json', async () => {
    const checkedIn = readFileSync(DIRECTORY);
    const started = await startApp();
    expect(started.directoryFile).not.toBe(DIRECTORY);
    expect(readFileSync(started.directoryFile)).toEqual(checkedIn);
    await started.app.directory.update((d) => void (d.entries[0].name = 'Changed by the harness test'));
    expect(readFileSync(started.directoryFile, 'utf8')).toContain('Changed by the harness test');
    expect(readFileSync(DIRECTORY)).toEqual(checkedIn);
    await started.close();
    await started.close(); // a second close is harmless
    for (const path of [started.stateDir, started.directoryFile, dirname(started.directoryFile)])
      expect(existsSync(path), path).toBe(false);
  });

  it.each([
    ['data/directory.json as the app file', { directoryFile: DIRECTORY }, /checked-in data\/directory\.json/],
    ['STATE_DIR in env', { env: { STATE_DIR: '/tmp' } }, /pass STATE_DIR as an option/],
    ['DIRECTORY_FILE in env', { env: { DIRECTORY_FILE: 'data/directory.json' } }, /pass DIRECTORY_FILE as an option/],
  ])('refuses %s', async (_name, options, message) => {
    await expect(startApp(options)).rejects.toThrow(message);
  });

  it('gives the app the fake clock it is asked for (config.now)', async () => {
    const clock = fakeClock(1_000_000);
    const started = await startApp({ clock });
    try {
      expect(started.config.now()).toBe(1_000_000);
      clock.advance(5_000);
      expect(started.config.now()).toBe(1_005_000);
    } finally {
      await started.close();
    }
  });

  it('starts a server on a free port of 127.0.0.1, and close() stops it', async () => {
    const server = await startServer();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await request(`${server.url}/healthz`)).body).toEqual({ status: 'ok' });
    await server.close();
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    expect(existsSync(server.stateDir)).toBe(false);
  });
});

describe('helpers/ (kept for tests written before the harness)', () => {
  it('startTestApp and conversation: the bot greets and asks for the town', async () => {
    const { app, close } = await startTestApp();
    try {
      expect(waitingNode(await conversation(app).start())).toBe('main.commune');
    } finally {
      await close();
    }
  });

  it('startServer listens as production does: /readyz is ready, language models included', async () => {
    const server = await startHelperServer({ STATE_TTL_HOURS: '2' });
    try {
      expect(server.config.stateTtlMs).toBe(2 * 3600_000);
      expect(server.directoryFile).not.toBe(DIRECTORY);
      const ready = await request(`${server.url}/readyz`);
      expect(ready).toMatchObject({ status: 200, body: { status: 'ready', checks: { language: 'ok' } } });
    } finally {
      await server.close();
    }
  });
});
