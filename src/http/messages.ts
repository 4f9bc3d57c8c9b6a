import type { Activity, TurnContext } from 'botbuilder';
import type { PasserelleAdapter } from '../bot/directAdapter.js';
import type { Request, Response, Server } from 'restify';
import { IncomingActivity, isLocalRequest, isLoopbackUrl } from './activitySchema.js';
import { MAX_TEXT } from '../shared/limits.js';
import { sendError } from './errors.js';

export interface MessagesDeps {
  adapter: PasserelleAdapter;
  /** Channel authentication is on (MicrosoftAppId set). */
  authenticated: boolean;
  logic: (context: TurnContext) => Promise<void>;
}

/** POST /api/messages: authenticates, validates the activity, then hands it to CloudAdapter. */
export function registerMessages(server: Server, deps: MessagesDeps): void {
  server.post('/api/messages', async (req: Request, res: Response) => {
    // Checked first, so an anonymous caller learns nothing about what the endpoint accepts.
    if (deps.authenticated && !req.headers.authorization) {
      return sendError(res, 401, 'unauthorized', 'a Bot Framework token is required (Authorization: Bearer …)');
    }
    if (!req.is('application/json')) {
      return sendError(res, 415, 'unsupported-media-type', 'send the activity as application/json');
    }
    const parsed = IncomingActivity.safeParse(req.body);
    if (!parsed.success) {
      const tooLong = parsed.error.issues.some((i) => i.path[0] === 'text' && i.code === 'too_big');
      if (tooLong) return sendError(res, 413, 'text-too-long', `message text is longer than ${MAX_TEXT} characters`);
      const details = parsed.error.issues
        .slice(0, 20)
        .map((i) => ({ field: i.path.join('.') || '(body)', message: i.message }));
      return sendError(res, 400, 'invalid-activity', 'the request body is not a valid Bot Framework activity', details);
    }
    const activity = parsed.data;
    // Without channel authentication anyone can post here: never call back a host off this machine,
    // and only for a caller on this machine (else a loopback serviceUrl would reach local services).
    const emulator = () =>
      !!activity.serviceUrl &&
      isLoopbackUrl(activity.serviceUrl) &&
      isLocalRequest(req.socket?.remoteAddress, req.headers);
    if (!deps.authenticated && activity.deliveryMode !== 'expectReplies' && !emulator()) {
      return sendError(
        res,
        400,
        'invalid-service-url',
        'without channel authentication, use deliveryMode "expectReplies" or a loopback serviceUrl (Emulator)',
      );
    }
    const outcome = await deps.adapter.processHttp(
      String(req.headers.authorization ?? ''),
      activity as unknown as Activity,
      deps.logic,
    );
    const started = outcome.turnStarted;
    if (outcome.status === 401) return sendError(res, 401, 'unauthorized', 'the Bot Framework token is not valid');
    // Failing before the turn began means authentication could not finish (e.g. OpenID keys unreachable): fail closed.
    if (outcome.status >= 500 && !started)
      return sendError(res, 503, 'auth-unavailable', 'the channel token could not be checked; retry later');
    if (outcome.status === 501) return sendError(res, 501, 'not-implemented', 'this invoke activity is not supported');
    if (outcome.status >= 500) return sendError(res, 500, 'internal', 'internal error');
    res.status(outcome.status);
    if (outcome.body === undefined) res.end();
    else res.json(outcome.body);
  });
}
