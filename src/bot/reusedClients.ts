import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type ClaimsIdentity,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';

/** Distinct (app, service URL, audience) clients kept; the service URL comes from the activity. */
const MAX_CLIENTS = 64;

/**
 * A bounded map of promised clients: the oldest is dropped past `max`, a failed creation is not kept.
 * Insertion order is the age: a hit does not refresh it (a few rebuilt clients cost less than the bookkeeping).
 */
class ClientCache<T> {
  private readonly items = new Map<string, Promise<T>>();
  constructor(private readonly max: number) {}

  get(key: string, create: () => Promise<T>): Promise<T> {
    const known = this.items.get(key);
    if (known) return known;
    const made = create();
    made.catch(() => this.items.delete(key));
    if (this.items.size >= this.max) this.items.delete(this.items.keys().next().value as string);
    this.items.set(key, made);
    return made;
  }
}

/** The app id a factory or token client is built for, as botframework-connector reads it from the claims. */
const appIdOf = (claims: ClaimsIdentity) =>
  claims.getClaimValue(AuthenticationConstants.AudienceClaim) ??
  claims.getClaimValue(AuthenticationConstants.AppIdClaim) ??
  '';

class ReusingConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly appId: string,
    private readonly cache: ClientCache<ConnectorClient>,
  ) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return this.cache.get(`${this.appId}\n${serviceUrl}\n${audience ?? ''}`, () =>
      this.inner.create(serviceUrl, audience),
    );
  }
}

/**
 * CloudAdapter builds a new ConnectorClient and UserTokenClient (each an HTTP pipeline of a dozen
 * policies) for every turn, even when the replies go back in the HTTP response and neither is used:
 * a fifth of a turn's CPU here. This wraps the channel authentication so those clients are built once
 * per app id, service URL and audience, as botbuilder's older BotFrameworkAdapter kept them.
 * Authentication itself (the token check of every request) is untouched. Clients hold no turn data;
 * their credentials renew their own tokens.
 */
export class ReusedClients extends BotFrameworkAuthentication {
  private readonly connectors = new ClientCache<ConnectorClient>(MAX_CLIENTS);
  private readonly tokenClients = new ClientCache<UserTokenClient>(MAX_CLIENTS);

  constructor(private readonly inner: BotFrameworkAuthentication) {
    super();
  }

  async authenticateRequest(
    activity: Parameters<BotFrameworkAuthentication['authenticateRequest']>[0],
    authHeader: string,
  ) {
    return this.reusing(await this.inner.authenticateRequest(activity, authHeader));
  }

  async authenticateStreamingRequest(authHeader: string, channelIdHeader: string) {
    return this.reusing(await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader));
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    const inner = this.inner.createConnectorFactory(claimsIdentity);
    return new ReusingConnectorFactory(inner, appIdOf(claimsIdentity), this.connectors);
  }

  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.tokenClients.get(appIdOf(claimsIdentity), () => this.inner.createUserTokenClient(claimsIdentity));
  }

  override createBotFrameworkClient() {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience() {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string) {
    return this.inner.authenticateChannelRequest(authHeader);
  }

  private reusing(result: AuthenticateRequestResult): AuthenticateRequestResult {
    const { connectorFactory, claimsIdentity } = result;
    return connectorFactory
      ? {
          ...result,
          connectorFactory: new ReusingConnectorFactory(connectorFactory, appIdOf(claimsIdentity), this.connectors),
        }
      : result;
  }
}
