import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type Activity, type TurnContext } from 'botbuilder';
import { ConnectorFactory, type BotFrameworkAuthentication, type ClaimsIdentity } from 'botframework-connector';
import { describe, expect, it } from 'vitest';
import { ReusedClients } from '../src/bot/reusedClients.js';

const activity = (serviceUrl: string, id: string): Activity =>
  ({
    type: 'message',
    channelId: 'webchat',
    deliveryMode: 'expectReplies',
    serviceUrl,
    from: { id: 'u' },
    recipient: { id: 'bot' },
    conversation: { id },
    text: 'hello',
  }) as Activity;

/** CloudAdapter with its request entry point open to the test (no HTTP needed to run a turn). */
class TestAdapter extends CloudAdapter {
  turn(activity: Activity, logic: (context: TurnContext) => Promise<void>) {
    return this.processActivity('', activity, logic);
  }
}

/** Runs a real CloudAdapter turn and returns the connector and token clients the turn was given. */
async function turnClients(adapter: TestAdapter, serviceUrl: string, id = 'c') {
  let seen: { connector: unknown; tokens: unknown } | undefined;
  const response = await adapter.turn(activity(serviceUrl, id), async (context: TurnContext) => {
    seen = {
      connector: context.turnState.get(adapter.ConnectorClientKey),
      tokens: context.turnState.get(adapter.UserTokenClientKey),
    };
    await context.sendActivity('hi');
  });
  expect(response?.body).toMatchObject({ activities: [{ text: 'hi' }] });
  return seen!;
}

describe('connector clients kept between turns', () => {
  it('gives every turn on one service URL the same clients, and another URL its own', async () => {
    const adapter = new TestAdapter(new ReusedClients(new ConfigurationBotFrameworkAuthentication({})));
    const a = await turnClients(adapter, 'http://127.0.0.1:9/a', 'c1');
    const b = await turnClients(adapter, 'http://127.0.0.1:9/a', 'c2');
    const other = await turnClients(adapter, 'http://127.0.0.1:9/b', 'c1');
    expect(a.connector).toBeDefined();
    expect(b.connector).toBe(a.connector);
    expect(b.tokens).toBe(a.tokens);
    expect(other.connector).not.toBe(a.connector);
    expect(Reflect.get(other.connector as object, 'baseUri')).toBe('http://127.0.0.1:9/b');
  });

  it('without the wrapper, botbuilder builds new clients every turn (what it saves)', async () => {
    const adapter = new TestAdapter(new ConfigurationBotFrameworkAuthentication({}));
    const a = await turnClients(adapter, 'http://127.0.0.1:9/a');
    const b = await turnClients(adapter, 'http://127.0.0.1:9/a');
    expect(b.connector).not.toBe(a.connector);
  });

  it('still authenticates every request: a bot with an app id refuses a request without a token', async () => {
    const auth = new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: '00000000-0000-0000-0000-000000000001',
      MicrosoftAppPassword: 'not-a-secret',
      MicrosoftAppType: 'MultiTenant',
    });
    const adapter = new TestAdapter(new ReusedClients(auth));
    await expect(adapter.turn(activity('http://127.0.0.1:9/a', 'c'), async () => {})).rejects.toThrow();
  });

  it('keeps at most 64 service URLs (they come from the requests) and never keeps a failed creation', async () => {
    let built = 0;
    let failNext = false;
    const inner = new ConfigurationBotFrameworkAuthentication({});
    const counting = Object.create(inner) as BotFrameworkAuthentication;
    counting.createConnectorFactory = (claims: ClaimsIdentity) => {
      const real = inner.createConnectorFactory(claims);
      return new (class extends ConnectorFactory {
        async create(serviceUrl: string, audience?: string) {
          built++;
          if (failNext) {
            failNext = false;
            throw new Error('credentials unavailable');
          }
          return real.create(serviceUrl, audience);
        }
      })();
    };
    const reused = new ReusedClients(counting);
    const claims = (await inner.authenticateRequest(activity('http://x', 'c'), '')).claimsIdentity;
    const factory = reused.createConnectorFactory(claims);
    for (let i = 0; i < 65; i++) await factory.create(`http://127.0.0.1:9/${i}`);
    expect(built).toBe(65);
    await factory.create('http://127.0.0.1:9/64'); // kept
    await factory.create('http://127.0.0.1:9/0'); // the oldest, dropped when the 65th came
    expect(built).toBe(66);
    failNext = true;
    await expect(factory.create('http://127.0.0.1:9/fails')).rejects.toThrow('credentials unavailable');
    await factory.create('http://127.0.0.1:9/fails'); // tried again, not the kept failure
    expect(built).toBe(68);
  });
});
