import { CloudAdapter, type Activity, type TurnContext } from 'botbuilder';
import { AuthenticationConstants, ClaimsIdentity, type BotFrameworkAuthentication } from 'botframework-connector';

/**
 * CloudAdapter that can also run a turn for a channel we host ourselves (the local Direct Line):
 * the activity is trusted, delivered with `expectReplies`, and the replies are returned.
 */
export class PasserelleAdapter extends CloudAdapter {
  constructor(
    private readonly auth: BotFrameworkAuthentication,
    private readonly appId: string,
  ) {
    super(auth);
  }

  /**
   * Runs a turn for a request to /api/messages and returns the HTTP outcome, instead of letting
   * CloudAdapter.process write plain-text errors and print stacks to the console.
   */
  async processHttp(
    authHeader: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<{ status: number; body?: unknown; turnStarted: boolean; error?: Error }> {
    let turnStarted = false;
    const run = (context: TurnContext) => {
      turnStarted = true;
      return logic(context);
    };
    try {
      const response = await this.processActivity(authHeader, activity, run);
      return { status: response?.status ?? 200, body: response?.body, turnStarted };
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode;
      if (status === 401 || status === 403) return { status: 401, turnStarted };
      return { status: 500, turnStarted, error: err instanceof Error ? err : new Error(String(err)) };
    }
  }

  async processLocal(
    activity: Partial<Activity>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<Partial<Activity>[]> {
    const claimsIdentity = new ClaimsIdentity(
      [
        { type: AuthenticationConstants.AudienceClaim, value: this.appId },
        { type: AuthenticationConstants.AppIdClaim, value: this.appId },
      ],
      true,
    );
    const response = await this.processActivity(
      { audience: this.appId, claimsIdentity, connectorFactory: this.auth.createConnectorFactory(claimsIdentity) },
      { ...activity, deliveryMode: 'expectReplies' } as Activity,
      logic,
    );
    return (response?.body as { activities?: Partial<Activity>[] } | undefined)?.activities ?? [];
  }
}
