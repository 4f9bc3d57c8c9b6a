// Issue 21: twenty concurrent cold requests for Web Chat's bundle each compressed 3.9 MB (1.1 GB peak).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as Zlib from 'node:zlib';
import type { Request, Response } from 'restify';
import { describe, expect, it, vi } from 'vitest';

const counts = vi.hoisted(() => ({ brotli: 0, gzip: 0 }));
vi.mock('node:zlib', async (importOriginal) => {
  const zlib = await importOriginal<typeof Zlib>();
  return {
    ...zlib,
    brotliCompress: (...args: Parameters<typeof zlib.brotliCompress>) => {
      counts.brotli++;
      return (zlib.brotliCompress as (...a: unknown[]) => void)(...args);
    },
    gzip: (...args: Parameters<typeof zlib.gzip>) => {
      counts.gzip++;
      return (zlib.gzip as (...a: unknown[]) => void)(...args);
    },
  };
});

const { fileHandler } = await import('../src/http/staticFiles.js');
const WEBCHAT = join(
  dirname(createRequire(import.meta.url).resolve('botframework-webchat')),
  '..',
  'dist',
  'webchat.js',
);

/** A request and a response that record what is sent. */
function exchange(encoding: string) {
  const sent: { status?: number; headers: Record<string, unknown>; bytes?: number } = { headers: {} };
  const req = { headers: { 'accept-encoding': encoding }, method: 'GET' } as unknown as Request;
  const res = {
    setHeader: (k: string, v: unknown) => void (sent.headers[k.toLowerCase()] = v),
    writeHead: (status: number) => void (sent.status = status),
    end: (body?: Buffer) => void (sent.bytes = body?.length),
  } as unknown as Response;
  return { req, res, sent };
}

describe('webchat.js is compressed once', () => {
  it('twenty concurrent cold requests share one brotli and one gzip compression', async () => {
    const handler = fileHandler(WEBCHAT, 86_400);
    const exchanges = Array.from({ length: 20 }, (_, i) => exchange(i % 2 ? 'gzip' : 'gzip, br'));
    await Promise.all(exchanges.map(({ req, res }) => handler(req, res)));
    expect(counts).toEqual({ brotli: 1, gzip: 1 });
    for (const { sent } of exchanges) {
      expect(sent.status).toBe(200);
      expect(sent.bytes).toBeLessThan(1_200_000);
    }
    expect(new Set(exchanges.map((e) => e.sent.headers['content-encoding']))).toEqual(new Set(['br', 'gzip']));
  });

  it('warm() compresses before the first request, which then compresses nothing', async () => {
    counts.brotli = counts.gzip = 0;
    const handler = fileHandler(WEBCHAT, 86_400);
    await handler.warm();
    // The second brotli is the best-quality copy a file this large gets once warmed (issue 18).
    expect(counts).toEqual({ brotli: 2, gzip: 1 });
    const { req, res, sent } = exchange('br');
    await handler(req, res);
    expect(sent.status).toBe(200);
    expect(counts).toEqual({ brotli: 2, gzip: 1 });
  });
});
