import type { TurnContext } from 'botbuilder';
import type { PasserelleAdapter } from '../bot/directAdapter.js';
import type { Request, Response, Server } from 'restify';
import { asActivity, IncomingActivity, isEmulatorServiceUrl } from './activitySchema.js';
import { MAX_TEXT } from '../common/limits.js';
import { isLocalRequest, type ClientAddress } from './clientAddress.js';
import { sendRetryLater, type ClientLimiter } from './clientLimiter.js';
import { sendError } from './errors.js';
import type { Logger } from '../common/logger.js';
import { fieldProblems } from '../common/zodIssues.js';

export interface MessagesDeps {
  adapter: PasserelleAdapter;
  /** Channel authentication is on (MicrosoftAppId set). */
  authenticated: boolean;
  logic: (context: TurnContext) => Promise<void>;
  clientAddress: ClientAddress;
  /** Turns per client address, counted when channel authentication is off. */
  turns: ClientLimiter;
  logger: Logger;
}

type Parsed = ReturnType<typeof IncomingActivity.parse>;

/** The activity, or undefined once a 400/413 with details has been sent. */
function validActivity(req: Request, res: Response): Parsed | undefined {
  const parsed = IncomingActivity.safeParse(req.body);
  if (parsed.success) return parsed.data;
  const tooLong = parsed.error.issues.some((i) => i.path[0] === 'text' && i.code === 'too_big');
  if (tooLong) return void sendError(res, 413, 'text-too-long', `message text is longer than ${MAX_TEXT} characters`);
  const details = fieldProblems(parsed.error, '(body)', 20);
  sendError(res, 400, 'invalid-activity', 'the request body is not a valid Bot Framework activity', details);
}

/**
 * Without channel authentication anyone can post here. Such a request may not use the channel id of
 * the built-in Direct Line (its conversations are reachable only through it), gets its reply in the
 * HTTP body or, from this machine only, at an Emulator's bare loopback origin, and is counted per
 * client (except from this machine, unrelayed: the Emulator and the benchmarks). True when allowed.
 */
async function allowedAnonymous(req: Request, res: Response, activity: Parsed, deps: MessagesDeps): Promise<boolean> {
  if (activity.channelId.trim().toLowerCase() === 'directline') {
    sendError(res, 400, 'reserved-channel', 'channel "directline" is the built-in Direct Line: use /v3/directline');
    return false;
  }
  const local = isLocalRequest(req.socket?.remoteAddress, req.headers);
  const emulator = local && !!activity.serviceUrl && isEmulatorServiceUrl(activity.serviceUrl);
  if (activity.deliveryMode !== 'expectReplies' && !emulator) {
    sendError(
      res,
      400,
      'invalid-service-url',
      'without channel authentication, use deliveryMode "expectReplies" or an Emulator serviceUrl (http://localhost:PORT)',
    );
    return false;
  }
  const wait = local ? 0 : await deps.turns(deps.clientAddress(req));
  if (wait) sendRetryLater(res, 429, wait, 'too-many-turns', 'too many messages from this client; retry later');
  return !wait;
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
    const activity = validActivity(req, res);
    if (!activity || (!deps.authenticated && !(await allowedAnonymous(req, res, activity, deps)))) return;
    const outcome = await deps.adapter.processHttp(
      String(req.headers.authorization ?? ''),
      asActivity(activity),
      deps.logic,
    );
    const started = outcome.turnStarted;
    if (outcome.status === 401) return sendError(res, 401, 'unauthorized', 'the Bot Framework token is not valid');
    // Failing before the turn began means authentication could not finish (e.g. OpenID keys unreachable): fail closed.
    if (outcome.error)
      deps.logger.error(
        { err: { name: outcome.error.name, message: outcome.error.message }, started },
        'the adapter failed',
      );
    if (outcome.status >= 500 && !started)
      return sendError(res, 503, 'auth-unavailable', 'the channel token could not be checked; retry later');
    if (outcome.status === 501) return sendError(res, 501, 'not-implemented', 'this invoke activity is not supported');
    if (outcome.status >= 500) return sendError(res, 500, 'internal', 'internal error');
    res.status(outcome.status);
    if (outcome.body === undefined) res.end();
    else res.json(outcome.body);
  });
}
