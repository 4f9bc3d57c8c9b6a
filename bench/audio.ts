/**
 * Read-aloud: time to the first byte of audio for a text never heard before (synthesis in a worker
 * thread, MP3 encoding, disk cache write) and for the same text again (disk cache), per language,
 * with the audio's size and length. Run: npm run bench:audio
 */
import { startServer } from '../test/helpers/server.js';
import { VOICES } from '../src/speech/voices.js';
import { BITRATE_KBPS } from '../src/speech/synthWorker.js';

const server = await startServer();
const ids = server.app
  .index()
  .page({ limit: 20, offset: 0 })
  .hits.map((h) => h.entry.id);

/** Milliseconds to the first byte and the whole body of one GET. */
async function timed(url: string) {
  const start = performance.now();
  const res = await fetch(url);
  const reader = res.body!.getReader();
  let first = 0;
  let bytes = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    first ||= performance.now() - start;
    bytes += chunk.value.length;
  }
  return { status: res.status, first, bytes };
}

const rows: Record<string, string | number>[] = [];
let i = 0;
for (const [lng, voice] of Object.entries(VOICES)) {
  if (!voice) continue;
  for (const round of ['first card', 'second card'] as const) {
    // A card never synthesised before ("new text"), then the same card again ("cached").
    const id = ids[i++ % ids.length];
    const redirect = await fetch(`${server.url}/api/directory/entries/${id}/audio?lang=${lng}`, { redirect: 'manual' });
    const url = `${server.url}${redirect.headers.get('location')}`;
    const fresh = await timed(url);
    const cached = await timed(url);
    rows.push({
      lng,
      card: round,
      'new text: first byte (ms)': Math.round(fresh.first),
      'cached: first byte (ms)': Number(cached.first.toFixed(1)),
      'size (KB)': Math.round(fresh.bytes / 1024),
      'length (s)': Number(((fresh.bytes * 8) / (BITRATE_KBPS * 1000)).toFixed(1)),
    });
  }
}
console.table(rows);
await server.close();
