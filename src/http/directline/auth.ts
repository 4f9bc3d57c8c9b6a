import type { Request, Response } from 'restify';
import { sendError } from '../errors.js';
import { sendRetryLater } from '../clientLimiter.js';
import type { ConversationBackend } from '../../directline/backend.js';
import type { Conversation } from '../../directline/conversations.js';
import type { TokenClaims, TokenSigner } from '../../directline/token.js';

/** The bearer token of a request, or undefined when there is none. */
export function bearer(req: Request): string | undefined {
  const header = req.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header.trim()) : null;
  return match?.[1];
}

export interface Authorized {
  token: string;
  claims: TokenClaims;
  conversation: Conversation;
}

/**
 * Checks that the request carries a valid token for the conversation it names (`id`, when the
 * route has one) and that the conversation still exists; otherwise answers 401/403/404 itself.
 */
export async function authorize(
  req: Request,
  res: Response,
  signer: TokenSigner,
  conversations: ConversationBackend,
  id?: string,
): Promise<Authorized | undefined> {
  const token = bearer(req);
  if (!token) {
    sendError(
      res,
      401,
      'missing-token',
      'send "Authorization: Bearer <token>" (POST /v3/directline/tokens/generate issues one)',
    );
    return undefined;
  }
  const claims = signer.verify(token);
  if (!claims) {
    sendError(res, 403, 'invalid-token', 'the token is invalid or has expired');
    return undefined;
  }
  if (id !== undefined && id !== claims.conversationId) {
    sendError(res, 403, 'wrong-conversation', 'this token belongs to another conversation');
    return undefined;
  }
  let conversation: Conversation | undefined;
  try {
    conversation = await conversations.get(claims.conversationId);
  } catch {
    // Conversations in Redis, and Redis away: a clear "retry", not a 500.
    return void sendRetryLater(res, 503, 5, 'directline-unavailable', 'conversations cannot be reached; retry later');
  }
  if (!conversation) {
    sendError(res, 404, 'conversation-not-found', 'the conversation has ended, expired or was erased');
    return undefined;
  }
  return { token, claims, conversation };
}
