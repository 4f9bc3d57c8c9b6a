import type { Request, Response, Server } from 'restify';
import type { Logger } from '../../common/logger.js';
import { sendError } from '../errors.js';
import { PostedActivity } from '../../directline/activity.js';
import { authorize, bearer } from './auth.js';
import type { DirectLineService } from '../../directline/service.js';
import type { ConversationBackend } from '../../directline/backend.js';
import { attachStreams, streamUrl } from './stream.js';
import { ConversationsFull, type Conversation } from '../../directline/conversations.js';
import type { ClientAddress } from '../clientAddress.js';
import { sendRetryLater, type ClientLimiter } from '../clientLimiter.js';

const BASE = '/v3/directline';

/** Start properties Web Chat sends: `{user: {id}, locale}`; anything odd is ignored, not refused. */
function startProperties(body: unknown): { locale?: string; userId?: string } {
  const b = (body && typeof body === 'object' ? body : {}) as { locale?: unknown; user?: { id?: unknown } };
  const locale =
    typeof b.locale === 'string' && /^[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*$/.test(b.locale) ? b.locale : undefined;
  const userId = typeof b.user?.id === 'string' && b.user.id.length <= 256 && b.user.id ? b.user.id : undefined;
  return { locale, userId };
}

function watermarkOf(req: Request): number | undefined {
  const raw = (req.query as Record<string, unknown> | undefined)?.watermark;
  if (raw === undefined || raw === '') return 0;
  return typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : undefined;
}

export interface DirectLineRouteDeps {
  service: DirectLineService<ConversationBackend>;
  logger: Logger;
  clientAddress: ClientAddress;
  /** Conversations a client address may open per minute. */
  newConversations: ClientLimiter;
}

/**
 * A new conversation for an anonymous caller (anyone may open the page), or undefined once it has
 * answered 429 (this client opens too many) or 503 (every conversation is in use: none is evicted).
 */
async function openConversation(
  req: Request,
  res: Response,
  { service, clientAddress, newConversations }: DirectLineRouteDeps,
): Promise<Conversation | undefined> {
  const wait = await newConversations(clientAddress(req));
  if (wait)
    return void sendRetryLater(res, 429, wait, 'too-many-conversations', 'this client opens conversations too fast');
  try {
    return await service.conversations.create();
  } catch (err) {
    if (!(err instanceof ConversationsFull))
      return void sendRetryLater(res, 503, 5, 'directline-unavailable', 'conversations cannot be reached; retry later');
    const seconds = Math.ceil(err.retryAfterMs / 1000);
    return void sendRetryLater(res, 503, seconds, 'directline-full', 'every conversation is in use; retry later');
  }
}

/** POST /v3/directline/tokens/generate (a new conversation) and /tokens/refresh (a new token for the same one). */
function registerTokenRoutes(server: Server, deps: DirectLineRouteDeps): void {
  const { service: dl } = deps;
  server.post(`${BASE}/tokens/generate`, async (req: Request, res: Response) => {
    const c = await openConversation(req, res, deps);
    if (!c) return;
    const start = startProperties(req.body);
    if (start.locale) {
      c.locale = start.locale;
      await dl.conversations.save?.(c);
    }
    const { token, expiresIn } = dl.signer.sign(c.id);
    res.json({ conversationId: c.id, token, expires_in: expiresIn });
  });

  server.post(`${BASE}/tokens/refresh`, async (req: Request, res: Response) => {
    const auth = await authorize(req, res, dl.signer, dl.conversations);
    if (!auth) return;
    const { token, expiresIn } = dl.signer.sign(auth.conversation.id);
    res.json({ conversationId: auth.conversation.id, token, expires_in: expiresIn });
  });
}

/** GET and POST /v3/directline/conversations/:id/activities: the transcript by watermark, and a user's turn. */
function registerActivityRoutes(
  server: Server,
  dl: DirectLineService<ConversationBackend>,
  logger: Logger,
  serviceUrl: () => string,
) {
  server.get(`${BASE}/conversations/:id/activities`, async (req: Request, res: Response) => {
    const auth = await authorize(req, res, dl.signer, dl.conversations, req.params.id);
    if (!auth) return;
    const watermark = watermarkOf(req);
    if (watermark === undefined)
      return sendError(res, 400, 'invalid-watermark', 'watermark must be a non-negative integer');
    res.json(await dl.conversations.since(auth.conversation, watermark));
  });

  server.post(`${BASE}/conversations/:id/activities`, async (req: Request, res: Response) => {
    const auth = await authorize(req, res, dl.signer, dl.conversations, req.params.id);
    if (!auth) return;
    const parsed = PostedActivity.safeParse(req.body);
    if (!parsed.success) {
      const details = parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message }));
      const tooLong = parsed.error.issues.some((i) => i.path[0] === 'text' && i.code === 'too_big');
      if (tooLong) return sendError(res, 413, 'text-too-long', 'the message text is too long', details);
      return sendError(res, 400, 'invalid-activity', 'the body is not an activity this channel accepts', details);
    }
    try {
      const stored = await dl.post(auth.conversation, parsed.data, serviceUrl());
      res.json({ id: stored.id });
    } catch {
      logger.error({ code: 'directline-turn-failed' }, 'a Direct Line turn failed');
      sendError(res, 500, 'turn-failed', 'the bot could not answer; try again');
    }
  });
}

/**
 * Local Direct Line 3.0 under /v3/directline, so the official Web Chat works with no cloud service.
 * Tokens are bound to one conversation; DELETE on a conversation (an extension) erases it.
 */
export function registerDirectLine(server: Server, deps: DirectLineRouteDeps): () => void {
  const { service: dl, logger } = deps;
  const serviceUrl = () => `http://localhost:${server.address()?.port}`;
  const closeStreams = attachStreams(server, dl);

  const describe = (req: Request, c: Conversation, token: string, expiresIn: number) => ({
    conversationId: c.id,
    token,
    expires_in: expiresIn,
    streamUrl: streamUrl(req, c.id, token),
  });
  const remaining = (expiresAt: number) => Math.max(0, Math.floor((expiresAt - Date.now()) / 1000));

  registerTokenRoutes(server, deps);

  server.post(`${BASE}/conversations`, async (req: Request, res: Response) => {
    let c: Conversation;
    let token: string;
    let expiresIn: number;
    if (bearer(req)) {
      const auth = await authorize(req, res, dl.signer, dl.conversations);
      if (!auth) return;
      ({ conversation: c, token } = auth);
      expiresIn = remaining(auth.claims.expiresAt);
    } else {
      const opened = await openConversation(req, res, deps);
      if (!opened) return;
      c = opened;
      ({ token, expiresIn } = dl.signer.sign(c.id));
    }
    const fresh = !c.started;
    await dl.start(c, serviceUrl(), startProperties(req.body));
    res.status(fresh ? 201 : 200);
    res.json(describe(req, c, token, expiresIn));
  });

  server.get(`${BASE}/conversations/:id`, async (req: Request, res: Response) => {
    const auth = await authorize(req, res, dl.signer, dl.conversations, req.params.id);
    if (auth) res.json(describe(req, auth.conversation, auth.token, remaining(auth.claims.expiresAt)));
  });

  server.del(`${BASE}/conversations/:id`, async (req: Request, res: Response) => {
    const auth = await authorize(req, res, dl.signer, dl.conversations, req.params.id);
    if (!auth) return;
    await dl
      .erase(auth.conversation, serviceUrl())
      .catch(() =>
        logger.warn(
          { code: 'directline-erase-turn-failed' },
          'the bot could not forget a conversation; it was deleted anyway',
        ),
      );
    res.send(204);
  });

  registerActivityRoutes(server, dl, logger, serviceUrl);
  return closeStreams;
}
