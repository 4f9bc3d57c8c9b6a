import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Request, Server } from 'restify';
import { WebSocketServer, type WebSocket } from 'ws';
import type { DirectLineService } from '../../directline/service.js';
import type { ConversationBackend } from '../../directline/backend.js';
import type { Conversation, StoredActivity } from '../../directline/conversations.js';

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

type Page = { activities: StoredActivity[]; watermark: string };
/** The sequence number in an activity id (`<conversation>|0000012`). */
const seqOf = (a: StoredActivity) => Number(a.id.slice(a.id.lastIndexOf('|') + 1));

/**
 * Sends the backlog since `from`, page by page (GET's page size), then every new activity set. The
 * listener is added first and what it hears meanwhile is held, then sent without what the backlog
 * already carried: with conversations in Redis, reading the backlog takes a round trip.
 */
async function follow(dl: DirectLineService<ConversationBackend>, c: Conversation, ws: WebSocket, from: number) {
  const send = (activities: unknown[], watermark: string) => ws.send(JSON.stringify({ activities, watermark }));
  let held: Page[] | undefined = [];
  const listener = (activities: StoredActivity[], watermark: string) =>
    held ? held.push({ activities, watermark }) : send(activities, watermark);
  c.listeners.add(listener);
  // Erasing the conversation clears its listeners; the socket then has nothing more to carry.
  const alive = setInterval(() => (c.listeners.has(listener) ? ws.ping() : ws.close(1000)), KEEPALIVE_MS);
  ws.on('close', () => {
    clearInterval(alive);
    c.listeners.delete(listener);
  });
  ws.on('message', () => undefined); // clients send nothing over the stream
  let mark = Number.isInteger(from) && from >= 0 ? from : 0;
  try {
    for (;;) {
      const page = await dl.conversations.since(c, mark);
      if (!page.activities.length) break;
      send(page.activities, page.watermark);
      mark = Number(page.watermark);
    }
  } catch {
    return ws.close(1011);
  }
  for (const page of held) {
    const fresh = page.activities.filter((a) => seqOf(a) >= mark);
    if (fresh.length) send(fresh, page.watermark);
  }
  held = undefined;
}

/**
 * Direct Line streaming: each new activity set is pushed as `{activities, watermark}`, after the
 * backlog since `?watermark=`. Returns a function that closes every socket (shutdown).
 */
export function attachStreams(server: Server, dl: DirectLineService<ConversationBackend>): () => void {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 });
  const upgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://local');
    const match = PATH.exec(url.pathname);
    if (!match) return refuse(socket, 404, 'Not Found');
    const claims = dl.signer.verify(url.searchParams.get('t') ?? '');
    if (!claims || claims.conversationId !== match[1]) return refuse(socket, 403, 'Forbidden');
    const conversation = await dl.conversations.get(match[1]);
    if (!conversation) return refuse(socket, 404, 'Not Found');
    // One post is pushed to every stream of its conversation: both are bounded.
    if (conversation.listeners.size >= dl.options.maxStreamsPerConversation)
      return refuse(socket, 429, 'Too Many Requests');
    if (wss.clients.size >= dl.options.maxStreams) return refuse(socket, 503, 'Service Unavailable');
    const from = Number(url.searchParams.get('watermark') ?? 0);
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => void follow(dl, conversation, ws, from));
  };
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) =>
    void upgrade(req, socket, head).catch(() => refuse(socket, 503, 'Service Unavailable'));
  server.server.on('upgrade', onUpgrade);
  return () => {
    server.server.off('upgrade', onUpgrade);
    for (const ws of wss.clients) ws.terminate();
    wss.close();
  };
}
