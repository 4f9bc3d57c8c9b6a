import type { Request, Response, Server, Next } from 'restify';
import { sendError } from '../http/errors.js';

/** Largest import body: a whole directory export (the global MAX_BODY_BYTES is for chat traffic). */
export const IMPORT_MAX_BYTES = 8 * 1024 * 1024;
const PATH = '/api/admin/import';

type RawRequest = Request & { _readBody?: boolean; _parsedBody?: boolean };

/**
 * Reads the body of POST /api/admin/import for a signed-in session with a larger limit than the
 * global body parser, then marks it read so restify's parser leaves it alone. Anonymous requests
 * keep the global limit (and get 401 later).
 */
export function registerImportBody(server: Server, signedIn: (req: Request) => boolean): void {
  server.pre((req: Request, res: Response, next: Next) => {
    if (req.method !== 'POST' || req.getPath() !== PATH || !signedIn(req)) return next();
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > IMPORT_MAX_BYTES && !failed) {
        failed = true;
        sendError(res, 413, 'payload-too-large', `an import may not exceed ${IMPORT_MAX_BYTES} bytes`);
        req.resume();
      }
      if (!failed) chunks.push(chunk);
    });
    req.on('error', (err) => (failed ? undefined : next(err)));
    req.on('end', () => {
      if (failed) return;
      const raw = req as RawRequest;
      const text = Buffer.concat(chunks).toString('utf8');
      raw._readBody = true;
      raw._parsedBody = true;
      if ((req.getContentType() || '').toLowerCase() === 'application/json' && text) {
        try {
          req.body = JSON.parse(text);
        } catch (err) {
          return sendError(res, 400, 'invalid-json', `the import is not valid JSON: ${(err as Error).message}`);
        }
      } else req.body = text;
      next();
    });
  });
}
