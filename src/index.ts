import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './common/logger.js';
import { createApp } from './app.js';

/** Entry point: configuration, composition, listen; clean shutdown on SIGTERM and SIGINT. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  try {
    const app = await createApp(config, { logger });
    console.log('Preparing the language models (a few seconds)…');
    const url = await app.listen();
    logger.info({ url, channelAuth: !!config.microsoftApp.appId }, 'Passerelle is listening');
    console.log(`\nPasserelle is running: open ${url}/ in a browser (bot endpoint ${url}/api/messages)\n`);
    const stop = (signal: string) => {
      logger.info({ signal }, 'shutting down');
      const force = setTimeout(() => process.exit(1), 10_000);
      force.unref();
      void app.close().then(() => process.exit(0));
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  } catch (err) {
    logger.fatal({ err: { message: (err as Error).message } }, 'Passerelle could not start');
    console.error(`\nPasserelle could not start:\n${(err as Error).message}\n`);
    process.exit(1);
  }
}

void main();
