import restify, { type Server, type ServerOptions } from 'restify';
import type { Logger } from '../common/logger.js';
import { registerBodyParser, type BodyLimit } from './bodyParser.js';
import { restifyCode } from './errors.js';
import { registerSecurityHeaders } from './security.js';

export interface HttpServer {
  server: Server;
  /** A larger body limit for one route's allowed requests (the global one is MAX_BODY_BYTES). */
  bodyLimit: BodyLimit;
  /** Starts listening; resolves with the URL to print. */
  listen(port: number, host: string): Promise<string>;
  close(): Promise<void>;
}

const safeReq = (req: { method?: string; getRoute?: () => { path?: unknown } | null }) => ({
  method: req?.method,
  route: String(req?.getRoute?.()?.path ?? 'unmatched'),
});

/**
 * restify's own log lines (a response it could not format, a value a handler returned) through our
 * logger, with the request, response, error and values reduced to fields that carry no user data.
 * Left to itself restify writes whole requests — body, Authorization, Cookie — to stdout.
 */
function restifyLog(logger: Logger): Logger {
  return logger.child(
    { component: 'restify' },
    {
      serializers: {
        req: safeReq,
        res: (res: { statusCode?: number }) => ({ status: res?.statusCode }),
        err: (err: { name?: string }) => ({ name: err?.name }),
        value: () => '[redacted]',
        body: () => '[redacted]',
      },
    },
  );
}

/**
 * The restify server and what every route shares: security headers, query and body parsing with
 * the size limit, restify's errors in our `{code, message}` shape, one log line per request.
 */
export function createHttpServer({ logger, maxBodyBytes }: { logger: Logger; maxBodyBytes: number }): HttpServer {
  // restify 11 logs through pino; @types/restify still describes a bunyan logger.
  const log: unknown = restifyLog(logger);
  const server = restify.createServer({
    name: 'passerelle',
    handleUncaughtExceptions: false,
    log: log as ServerOptions['log'],
  });
  registerSecurityHeaders(server);
  server.use(restify.plugins.queryParser({ mapParams: false }));
  const bodyLimit = registerBodyParser(server, maxBodyBytes);
  server.on('restifyError', (_req, _res, err, callback) => {
    const status = err.statusCode ?? 500;
    err.toJSON = () => ({
      code: restifyCode(err.name, status),
      message: status >= 500 ? 'internal error' : err.message,
    });
    callback();
  });
  server.on('after', (req, res, route) => {
    const ms = Date.now() - (req.time?.() ?? Date.now());
    logger.info(
      { reqId: req.id(), method: req.method, route: route?.spec?.path ?? 'unmatched', status: res.statusCode, ms },
      'request',
    );
  });
  return {
    server,
    bodyLimit,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        // Longer than a load balancer's idle timeout, so it never reuses a socket we just closed.
        server.server.keepAliveTimeout = 65_000;
        server.server.headersTimeout = 66_000;
        server.listen(port, host, () => {
          const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
          resolve(`http://${shown}:${server.address().port}`);
        });
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
