import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Request, Server } from 'restify';
import { WebSocketServer, type WebSocket } from 'ws';
import type { DirectLineService } from '../../directline/service.js';

const PATH = /^\/v3\/directline\/conversations\/([\w-]{1,64})\/stream$/;
const KEEPALIVE_MS = 30_000;

/** The WebSocket URL a client of this request reaches us at (the token rides in the query). */
export function streamUrl(req: Request, conversationId: string, token: string): string | undefined {
  const host = req.headers.host;
  if (!host || !/^[\w.-]+(?::\d{1,5})?$|^\[[\d:a-fA-F]+\](?::\d{1,5})?$/.test(host)) return undefined;
  const secure = req.isSecure() || req.headers['x-forwarded-proto'] === 'https';
  return `${secure ? 'wss' : 'ws'}://${host}/v3/directline/conversations/${conversationId}/stream?t=${encodeURIComponent(token)}`;
}

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * Direct Line streaming: each new activity set is pushed as `{activities, watermark}`, after the
 * backlog since `?watermark=`. Returns a function that closes every socket (shutdown).
 */
export function attachStreams(server: Server, dl: DirectLineService): () => void {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 });
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://local');
    const match = PATH.exec(url.pathname);
    if (!match) return refuse(socket, 404, 'Not Found');
    const claims = dl.signer.verify(url.searchParams.get('t') ?? '');
    if (!claims || claims.conversationId !== match[1]) return refuse(socket, 403, 'Forbidden');
    const conversation = dl.conversations.get(match[1]);
    if (!conversation) return refuse(socket, 404, 'Not Found');
    // One post is pushed to every stream of its conversation: both are bounded.
    if (conversation.listeners.size >= dl.options.maxStreamsPerConversation)
      return refuse(socket, 429, 'Too Many Requests');
    if (wss.clients.size >= dl.options.maxStreams) return refuse(socket, 503, 'Service Unavailable');
    const from = Number(url.searchParams.get('watermark') ?? 0);
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      const send = (activities: unknown[], watermark: string) => ws.send(JSON.stringify({ activities, watermark }));
      // The backlog page by page (GET's page size), each page one message.
      for (let mark = Number.isInteger(from) && from >= 0 ? from : 0; ;) {
        const page = dl.conversations.since(conversation, mark);
        if (!page.activities.length) break;
        send(page.activities, page.watermark);
        mark = Number(page.watermark);
      }
      const listener = (activities: unknown[], watermark: string) => send(activities, watermark);
      conversation.listeners.add(listener);
      // Erasing the conversation clears its listeners; the socket then has nothing more to carry.
      const alive = setInterval(
        () => (conversation.listeners.has(listener) ? ws.ping() : ws.close(1000)),
        KEEPALIVE_MS,
      );
      ws.on('close', () => {
        clearInterval(alive);
        conversation.listeners.delete(listener);
      });
      ws.on('message', () => undefined); // clients send nothing over the stream
    });
  };
  server.server.on('upgrade', onUpgrade);
  return () => {
    server.server.off('upgrade', onUpgrade);
    for (const ws of wss.clients) ws.terminate();
    wss.close();
  };
}
