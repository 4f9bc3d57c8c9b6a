import restify, { type Server } from 'restify';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import { ReusedClients } from '../src/bot/reusedClients.js';

/**
 * The benchmark's reference: a bare botbuilder echo bot on the same CloudAdapter and restify setup
 * as Passerelle (body parser with the same limit), without validation, state or dialogs. With
 * `reusedClients`, it also keeps its connector clients from turn to turn as Passerelle does
 * (src/bot/reusedClients.ts): the two then differ only by Passerelle's own work.
 */
export function createEchoServer(maxBodyBytes = 64 * 1024, reusedClients = false): Server {
  const auth = new ConfigurationBotFrameworkAuthentication({});
  const adapter = new CloudAdapter(reusedClients ? new ReusedClients(auth) : auth);
  const bot = new ActivityHandler();
  bot.onMessage(async (context, next) => {
    await context.sendActivity(`Echo: ${context.activity.text ?? ''}`);
    await next();
  });
  bot.onMembersAdded(async (context, next) => {
    await context.sendActivity('Hello and welcome!');
    await next();
  });
  const server = restify.createServer({ name: 'echo', handleUncaughtExceptions: false });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(restify.plugins.bodyParser({ maxBodySize: maxBodyBytes, mapParams: false, rejectUnknown: false }));
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context: TurnContext) => bot.run(context));
  });
  server.get('/healthz', async (_req, res) => {
    res.json({ status: 'ok' });
  });
  return server;
}
