import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, startServer, type TestServer } from './harness/index.js';

/** A stand-in for the Bot Framework Emulator's connector: records the activities the bot sends back. */
function fakeConnector(): Promise<{
  url: string;
  received: { path: string; body: { type: string; text?: string; name?: string; value?: unknown } }[];
  close(): void;
}> {
  const received: { path: string; body: { type: string; text?: string; name?: string; value?: unknown } }[] = [];
  const server: Server = createServer((req, res) => {
    let data = '';
    req.on('data', (chunk) => (data += chunk));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: JSON.parse(data || '{}') });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `reply-${received.length}` }));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
        received,
        close: () => server.close(),
      }),
    ),
  );
}

let bot: TestServer;
let connector: Awaited<ReturnType<typeof fakeConnector>>;
beforeAll(async () => {
  bot = await startServer();
  connector = await fakeConnector();
});
afterAll(async () => {
  connector.close();
  await bot.close();
});

describe('the Bot Framework Emulator path (normal delivery, no app id)', () => {
  it('replies through the loopback serviceUrl, with the passerelle.node traces', async () => {
    const res = await request(`${bot.url}/api/messages`, {
      method: 'POST',
      json: {
        type: 'message',
        id: 'm1',
        channelId: 'emulator',
        serviceUrl: connector.url,
        locale: 'fr-FR',
        from: { id: 'user' },
        recipient: { id: 'bot' },
        conversation: { id: 'emu-1' },
        text: 'bonjour',
      },
    });
    expect(res.status).toBe(200);
    const bodies = connector.received.map((r) => r.body);
    expect(connector.received.every((r) => r.path.startsWith('/v3/conversations/emu-1/activities'))).toBe(true);
    expect(bodies.find((b) => b.type === 'trace')).toMatchObject({
      name: 'passerelle.node',
      value: { tree: 'main', nodeId: 'main.welcome' },
    });
    expect(bodies.filter((b) => b.type === 'message').map((b) => b.text)).toContain(
      bot.app.catalog.t('fr')('main.commune.text'),
    );
  });
});
