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

  async processLocal(activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>): Promise<Partial<Activity>[]> {
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
    return ((response?.body as { activities?: Partial<Activity>[] } | undefined)?.activities ?? []);
  }
}
