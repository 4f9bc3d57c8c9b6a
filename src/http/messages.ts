import type { CloudAdapter, TurnContext } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import { IncomingActivity, isLoopbackUrl, MAX_TEXT } from './activitySchema.js';
import { sendError } from './errors.js';

export interface MessagesDeps {
  adapter: CloudAdapter;
  /** Channel authentication is on (MicrosoftAppId set). */
  authenticated: boolean;
  logic: (context: TurnContext) => Promise<void>;
}

/** POST /api/messages: validates the activity, then hands it to CloudAdapter. */
export function registerMessages(server: Server, deps: MessagesDeps): void {
  server.post('/api/messages', async (req: Request, res: Response) => {
    const parsed = IncomingActivity.safeParse(req.body);
    if (!parsed.success) {
      const tooLong = parsed.error.issues.some((i) => i.path[0] === 'text' && i.code === 'too_big');
      if (tooLong) return sendError(res, 413, 'text-too-long', `message text is longer than ${MAX_TEXT} characters`);
      const details = parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message }));
      return sendError(res, 400, 'invalid-activity', 'the request body is not a valid Bot Framework activity', details);
    }
    const activity = parsed.data;
    // Without channel authentication anyone can post here: never call back a host off this machine.
    if (!deps.authenticated && activity.deliveryMode !== 'expectReplies' && !(activity.serviceUrl && isLoopbackUrl(activity.serviceUrl))) {
      return sendError(res, 400, 'invalid-service-url', 'without channel authentication, use deliveryMode "expectReplies" or a loopback serviceUrl (Emulator)');
    }
    await deps.adapter.process(req, res, deps.logic);
  });
}
