import restify, { type Next, type Request, type RequestHandler, type Response, type Server } from 'restify';

/** Gives requests to `path` that `allow` accepts a larger body limit than the global one. */
export type BodyLimit = (path: string, maxBytes: number, allow: (req: Request) => boolean) => void;

/**
 * restify's body reader with one size limit, then its JSON parser, as a single handler. Other types
 * (CSV imports) stay raw text for their route to parse: restify's own CSV parser would turn them
 * into rows with its options, not ours.
 */
function parserFor(maxBodySize: number): RequestHandler {
  const handlers = [
    restify.plugins.bodyReader({ maxBodySize }),
    ...restify.plugins.jsonBodyParser({ mapParams: false, bodyReader: true }),
  ];
  return (req: Request, res: Response, next: Next) => {
    const run = (i: number) => (err?: unknown) => {
      if (err !== undefined || i === handlers.length) return next(err);
      handlers[i](req, res, run(i + 1) as Next);
    };
    run(0)();
  };
}

/**
 * Body parsing with the global limit (chat and API traffic), except for routes given a larger limit
 * for the requests they allow (a signed-in admin's import): the size is checked while reading, so an
 * anonymous caller can never make the server buffer more than the global limit.
 */
export function registerBodyParser(server: Server, defaultMax: number): BodyLimit {
  const fallback = parserFor(defaultMax);
  const larger = new Map<string, { handler: RequestHandler; allow: (req: Request) => boolean }>();
  server.use((req: Request, res: Response, next: Next) => {
    const special = req.method === 'POST' ? larger.get(req.getPath()) : undefined;
    return (special?.allow(req) ? special.handler : fallback)(req, res, next);
  });
  return (path, maxBytes, allow) => void larger.set(path, { handler: parserFor(maxBytes), allow });
}
