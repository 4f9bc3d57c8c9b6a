import type { Request, Response, Server } from 'restify';
import { formatHit } from '../directory/present/formatHit.js';
import { isPublic } from '../directory/rules.js';
import type { DirectoryIndex } from '../directory/search.js';
import type { Catalog } from '../i18n/catalog.js';
import { LOCALES, type Locale } from '../common/locales.js';
import { SpeechBusy } from '../speech/synthPool.js';
import type { Audio, Speech } from '../speech/speech.js';
import { sendError } from './errors.js';

export interface AudioRouteDeps {
  speech: Speech;
  catalog: Catalog;
  index(): DirectoryIndex;
}

const HASH = /^[a-z]{2}-[\w-]{32}$/;
const YEAR = 31_536_000;
const isLocale = (lng: string): lng is Locale => (LOCALES as readonly string[]).includes(lng);

/** One byte range (`bytes=a-b`, `bytes=a-`, `bytes=-n`), as Safari asks for media; else the whole file. */
function range(header: string | undefined, size: number): [number, number] | null | undefined {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header ?? '');
  if (!m || (!m[1] && !m[2])) return undefined;
  const start = m[1] ? Number(m[1]) : Math.max(0, size - Number(m[2]));
  const end = m[1] && m[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
  return start <= end && start < size ? [start, end] : null;
}

function sendAudio(req: Request, res: Response, hash: string, audio: Audio): void {
  const etag = `"${hash}"`;
  // The hash names the text, its language and its voice: the same URL never changes content.
  res.setHeader('Cache-Control', `public, max-age=${YEAR}, immutable`);
  res.setHeader('ETag', etag);
  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('Content-Type', audio.type);
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304);
    res.end();
    return;
  }
  const size = audio.body.length;
  const wanted = range(req.headers.range, size);
  if (wanted === null) {
    res.setHeader('Content-Range', `bytes */${size}`);
    return sendError(res, 416, 'range-not-satisfiable', 'the range is outside the audio');
  }
  const [start, end] = wanted ?? [0, size - 1];
  if (wanted) res.setHeader('Content-Range', `bytes ${start}-${end}/${size}`);
  res.setHeader('Content-Length', end - start + 1);
  res.writeHead(wanted ? 206 : 200);
  res.end(req.method === 'HEAD' ? undefined : audio.body.subarray(start, end + 1));
}

/**
 * Read-aloud: the audio of texts this server rendered (`GET /api/audio/:lng/:hash`), a directory
 * card's audio for the web pages, and which languages have a voice.
 */
export function registerAudio(server: Server, { speech, catalog, index }: AudioRouteDeps): void {
  server.get('/api/audio/voices', async (_req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.json(Object.fromEntries(catalog.locales.map((lng) => [lng, speech.source(lng)])));
  });

  server.get('/api/audio/:lng/:hash', async (req: Request, res: Response) => {
    const lng = String(req.params.lng);
    const hash = String(req.params.hash);
    if (!isLocale(lng) || !HASH.test(hash))
      return sendError(res, 400, 'invalid-parameter', 'not an audio address', { supported: LOCALES });
    try {
      const audio = await speech.audio(lng, hash);
      if (!audio) return sendError(res, 404, 'unknown-text', 'this server did not produce this text');
      sendAudio(req, res, hash, audio);
    } catch (err) {
      if (!(err instanceof SpeechBusy)) throw err;
      res.setHeader('Retry-After', '5');
      sendError(res, 503, 'busy', 'speech synthesis is busy, try again in a few seconds');
    }
  });

  // The card as the chat shows it, now: registered, then the browser follows to its audio.
  server.get('/api/directory/entries/:id/audio', async (req: Request, res: Response) => {
    const lng = String(req.query?.lang ?? 'fr');
    if (!isLocale(lng)) return sendError(res, 400, 'invalid-parameter', 'unknown language', { supported: LOCALES });
    const hit = index().get(String(req.params.id));
    if (!hit || !isPublic(hit.entry)) return sendError(res, 404, 'not-found', `no published entry "${req.params.id}"`);
    const meta = catalog.meta[lng];
    const style = { locale: lng, tag: meta?.tag ?? lng, rtl: meta?.dir === 'rtl' };
    const url = speech.register(lng, formatHit(hit, catalog.t(lng), style));
    if (!url) return sendError(res, 404, 'no-voice', `no voice for "${lng}" yet`);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Location', url);
    res.writeHead(303);
    res.end();
  });
}
