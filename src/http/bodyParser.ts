import type { Next, Request, RequestHandler, Response, Server } from 'restify';
import { sendError } from './errors.js';
import { jsonDepthExceeds, MAX_JSON_DEPTH } from './jsonDepth.js';

/** Gives requests to `path` that `allow` accepts a larger body limit than the global one. */
export type BodyLimit = (path: string, maxBytes: number, allow: (req: Request) => boolean | Promise<boolean>) => void;

const isText = (type: string) =>
  !type || type === 'application/json' || type === 'application/x-www-form-urlencoded' || type.startsWith('text/');
const isJson = (type: string) => type === 'application/json' || /^application\/[\w.+-]+\+json$/.test(type);

/**
 * Answers the error and stops reading: the connection is closed after the answer, so a client
 * cannot make the server read (and discard) a body of any length.
 */
function refuse(req: Request, res: Response, next: Next, status: number, code: string, message: string): void {
  req.pause();
  res.setHeader('Connection', 'close');
  sendError(res, status, code, message);
  next(false);
}

/**
 * Reads the body up to `max` bytes as it arrives; at the limit it answers 413 and reads no more.
 * A client that goes away mid-body ends the chain, so nothing waits on it.
 */
function readBody(req: Request, res: Response, next: Next, max: number, done: (body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let settled = false;
  const settle = () => !settled && (settled = true);
  const onData = (chunk: Buffer) => {
    size += chunk.length;
    if (size <= max) return void chunks.push(chunk);
    req.off('data', onData);
    chunks.length = 0;
    if (settle()) refuse(req, res, next, 413, 'payload-too-large', `the request body is larger than ${max} bytes`);
  };
  req.on('data', onData);
  req.once('end', () => settle() && done(Buffer.concat(chunks, size)));
  const gone = () => settle() && next(false);
  req.once('error', gone);
  res.once('close', gone);
}

/** The parsed body: JSON (depth-checked before parsing) for JSON types, text for text types, else bytes. */
function parse(req: Request, res: Response, next: Next, raw: Buffer): void {
  const type = (req.getContentType() || '').toLowerCase();
  if (!isText(type) && !isJson(type)) {
    req.body = raw;
    return next();
  }
  const text = raw.toString('utf8');
  if (!isJson(type) || !text) {
    req.body = text;
    return next();
  }
  // JSON.parse and everything that walks the result recurse: bound the depth on the raw text first (O(n)).
  if (jsonDepthExceeds(text, MAX_JSON_DEPTH))
    return refuse(req, res, next, 400, 'too-deep', `the JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`);
  try {
    req.body = JSON.parse(text) as unknown;
  } catch {
    sendError(res, 400, 'invalid-content', 'the request body is not valid JSON');
    return next(false);
  }
  next();
}

/**
 * One size limit on the bytes the server reads. Bodies are taken as sent: a Content-Encoding other
 * than identity is refused with 415 before anything is read (no client of these routes compresses
 * requests, and an inflated body could be a thousand times its wire size).
 */
function parserFor(max: number): RequestHandler {
  return (req: Request, res: Response, next: Next) => {
    if (req.getContentLength() === 0 && !req.isChunked()) return next();
    const hasBody = (req.getContentLength() ?? 0) > 0 || !!req.headers['transfer-encoding'];
    const encoding = String(req.headers['content-encoding'] ?? 'identity')
      .trim()
      .toLowerCase();
    if (hasBody && encoding !== 'identity' && encoding !== '') {
      res.setHeader('Accept-Encoding', 'identity');
      return refuse(req, res, next, 415, 'unsupported-content-encoding', 'send the request body uncompressed');
    }
    if (req.getContentLength() > max)
      return refuse(req, res, next, 413, 'payload-too-large', `the request body is larger than ${max} bytes`);
    readBody(req, res, next, max, (raw) => parse(req, res, next, raw));
  };
}

/**
 * Body parsing with the global limit (chat and API traffic), except for routes given a larger limit
 * for the requests they allow (a signed-in admin's import): the size is checked while reading, so an
 * anonymous caller can never make the server buffer more than the global limit.
 */
export function registerBodyParser(server: Server, defaultMax: number): BodyLimit {
  const fallback = parserFor(defaultMax);
  const larger = new Map<string, { handler: RequestHandler; allow: (req: Request) => boolean | Promise<boolean> }>();
  server.use((req: Request, res: Response, next: Next) => {
    const special = req.method === 'POST' ? larger.get(req.getPath()) : undefined;
    if (!special) return fallback(req, res, next);
    // A session in Redis is looked up asynchronously; a failed lookup means the global limit.
    void Promise.resolve(special.allow(req))
      .catch(() => false)
      .then((allowed) => (allowed ? special.handler : fallback)(req, res, next));
  });
  return (path, maxBytes, allow) => void larger.set(path, { handler: parserFor(maxBytes), allow });
}
