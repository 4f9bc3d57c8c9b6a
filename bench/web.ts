/**
 * Weight and speed of the newcomers' page: bytes transferred and time to the first bot message,
 * on a fresh profile at 360×740, unthrottled and on an emulated 3G link. Run: npx tsx bench/web.ts
 * (BENCH_SCREENSHOTS=dir also saves the screen at the first answer).
 */
import { existsSync } from 'node:fs';
import { CHROMIUM, openBrowser } from '../test/helpers/browser.js';
import { startServer } from '../test/helpers/server.js';

const NETWORKS = {
  unthrottled: undefined,
  '3g (1.6 Mbit/s, 150 ms)': {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6 * 1024 * 1024) / 8,
    uploadThroughput: (750 * 1024) / 8,
  },
} as const;

if (!existsSync(CHROMIUM)) {
  console.error(`${CHROMIUM} is missing`);
  process.exit(1);
}
// Started as production starts (listen warms: Web Chat's bundle is compressed at brotli's best quality in
// the background); the numbers measure the page, not the first compression, so wait for that copy.
const server = await startServer();
const size = async () =>
  Number(
    (
      await fetch(`${server.url}/static/vendor/webchat.js`, { method: 'HEAD', headers: { 'accept-encoding': 'br' } })
    ).headers.get('content-length'),
  );
const first = await size();
for (let waited = 0; waited < 60 && (await size()) >= first; waited++)
  await new Promise((resolve) => setTimeout(resolve, 1000));
const rows: Record<string, string | number>[] = [];
for (const [name, conditions] of Object.entries(NETWORKS)) {
  const b = await openBrowser();
  const cdp = await b.context.newCDPSession(b.page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (conditions) await cdp.send('Network.emulateNetworkConditions', conditions);
  const bytes = new Map<string, number>();
  const urls = new Map<string, string>();
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
  cdp.on('Network.loadingFinished', (e) => bytes.set(e.requestId, e.encodedDataLength));
  const t0 = Date.now();
  await b.page.goto(`${server.url}/`, { waitUntil: 'domcontentloaded' });
  await b.page.locator('button.language[data-lng="fr"]').waitFor();
  const picker = Date.now() - t0;
  const t1 = Date.now();
  await b.page.click('button.language[data-lng="fr"]');
  // The first answer is drawn in plain HTML while Web Chat downloads (public/firstAnswer.js), then Web Chat takes over.
  await b.page.locator('.early-bubble.from-bot, .webchat__bubble').first().waitFor({ timeout: 120_000 });
  const firstMessage = Date.now() - t1;
  const total = Date.now() - t0;
  if (process.env.BENCH_SCREENSHOTS)
    await b.page.screenshot({ path: `${process.env.BENCH_SCREENSHOTS}/${rows.length}-first.png` });
  await b.page.locator('.webchat__bubble').first().waitFor({ timeout: 120_000 });
  const webChat = Date.now() - t1;
  await b.page.waitForTimeout(500);
  const sum = (filter: (url: string) => boolean) =>
    [...bytes].filter(([id]) => filter(urls.get(id) ?? '')).reduce((n, [, v]) => n + v, 0);
  rows.push({
    network: name,
    'total KB': Math.round(sum(() => true) / 1024),
    'webchat.js KB': Math.round(sum((u) => u.endsWith('webchat.js')) / 1024),
    'fonts KB': Math.round(sum((u) => u.includes('/static/fonts/')) / 1024),
    requests: bytes.size,
    'picker shown ms': picker,
    'pick → first bot message ms': firstMessage,
    'pick → Web Chat shows it ms': webChat,
    'load → first bot message ms': total,
  });
  await b.close();
}
console.table(rows);
await server.close();
