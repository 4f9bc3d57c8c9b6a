import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { Request, Response } from 'restify';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};
const COMPRESSIBLE = new Set(['.html', '.css', '.js', '.mjs', '.json', '.webmanifest', '.svg']);
const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

interface Cached extends Compressed {
  version: string;
}

/** The Content-Type of a file by its extension. */
export const typeOf = (ext: string) => TYPES[ext] ?? 'application/octet-stream';

/** A strong ETag from a body's bytes. */
export const etagOf = (raw: Buffer) => `"${createHash('sha1').update(raw).digest('base64url')}"`;

export function isServable(file: string): boolean {
  return extname(file) in TYPES;
}

/** Reads a file and compresses it (brotli and gzip) when its type compresses. */
async function build(path: string, ext: string, version: string): Promise<Cached> {
  const raw = await readFile(path);
  const next: Cached = { version, etag: etagOf(raw), raw };
  if (COMPRESSIBLE.has(ext)) {
    [next.br, next.gzip] = await Promise.all([
      brotli(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } }),
      gz(raw, { level: 9 }),
    ]);
  }
  return next;
}

/** Files this large go out brotli'd at the highest quality once warmed: ≈ 10 % fewer bytes on a slow link. */
const BEST_FROM = 1_000_000;

/**
 * Recompresses a large file at brotli's highest quality, in the background (zlib's thread pool, about
 * 10 s for Web Chat's bundle): run by `warm()` at start-up only, so tests and first requests never wait.
 */
async function smallest(file: Cached): Promise<void> {
  if (!file.br || file.raw.length < BEST_FROM) return;
  const best = await brotli(file.raw, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24 },
  });
  if (best.length < file.br.length) file.br = best;
}

/** A body kept in memory as it goes out: raw, and compressed where its type compresses. */
export interface Compressed {
  etag: string;
  raw: Buffer;
  br?: Buffer;
  gzip?: Buffer;
}

/** Sends a kept body: ETag (304 when it matches), the best encoding the client accepts, no body for HEAD. */
export function sendCompressed(
  req: Request,
  res: Response,
  file: Compressed,
  contentType: string,
  cacheControl: string,
): void {
  res.setHeader('Content-Type', contentType);
  res.setHeader('Cache-Control', cacheControl);
  res.setHeader('ETag', file.etag);
  res.setHeader('Vary', 'Accept-Encoding');
  if (req.headers['if-none-match'] === file.etag) {
    res.writeHead(304);
    res.end();
    return;
  }
  const accepted = String(req.headers['accept-encoding'] ?? '');
  const [encoding, body] =
    file.br && /\bbr\b/.test(accepted)
      ? ['br', file.br]
      : file.gzip && /\bgzip\b/.test(accepted)
        ? ['gzip', file.gzip]
        : [undefined, file.raw];
  if (encoding) res.setHeader('Content-Encoding', encoding);
  res.setHeader('Content-Length', body.length);
  res.writeHead(200);
  res.end(req.method === 'HEAD' ? undefined : body);
}

/**
 * Serves one file with ETag, Cache-Control and brotli/gzip compressed once and kept in memory
 * (Web Chat's 3.9 MB bundle goes out as well under 1 MB); a changed file is re-read. Requests that
 * arrive while it is being compressed wait for that one compression: twenty cold requests for the
 * bundle cost one compression, not twenty. `warm()` starts it before the first request.
 */
export function fileHandler(path: string, maxAgeSeconds: number) {
  const ext = extname(path);
  let cached: Promise<Cached> | undefined;
  let cachedVersion: string | undefined;
  const load = async (): Promise<Cached> => {
    const s = await stat(path);
    const version = `${s.size}-${s.mtimeMs}`;
    if (!cached || cachedVersion !== version) {
      cachedVersion = version;
      const building = build(path, ext, version);
      // A failed read is retried by the next request rather than cached.
      building.catch(() => cached === building && (cached = undefined));
      cached = building;
    }
    return cached;
  };
  const handler = async (req: Request, res: Response) => {
    const cacheControl = maxAgeSeconds ? `public, max-age=${maxAgeSeconds}` : 'no-cache';
    sendCompressed(req, res, await load(), typeOf(ext), cacheControl);
  };
  return Object.assign(handler, { warm: () => load().then(smallest) });
}
