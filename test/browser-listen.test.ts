import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable, openBrowser, screenshot, type PhoneBrowser } from './helpers/browser.js';
import { startServer, type TestServer } from './helpers/server.js';

const available = browserAvailable('browser-listen');

describe.skipIf(!available)('"listen" in the web chat and the directory (headless Chromium)', () => {
  let server: TestServer;
  let browser: PhoneBrowser;
  beforeAll(async () => {
    server = await startServer();
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const label = (locale: string, nodeId: string, choiceId: string) => {
    const node = server.app.graph.nodes.get(nodeId) as { choices?: { id: string; label: string }[] } | undefined;
    const choice = node?.choices?.find((c) => c.id === choiceId);
    if (!choice) throw new Error(`no choice ${choiceId} in ${nodeId}`);
    return server.app.catalog.t(locale)(choice.label);
  };
  const press = async (page: Page, text: string) => {
    const button = page.locator('.webchat__suggested-actions button', { hasText: text }).first();
    await button.waitFor({ state: 'visible', timeout: 15_000 });
    await button.click();
  };

  /** Plays an <audio> the way a press on its play button does; resolves with what the element saw. */
  const play = (page: Page, selector: string) =>
    page.locator(selector).evaluate(
      (audio: HTMLAudioElement) =>
        new Promise<{ time: number; duration: number; error: string | null }>((resolve) => {
          const done = () => resolve({ time: audio.currentTime, duration: audio.duration, error: null });
          audio.addEventListener('ended', done, { once: true });
          audio.addEventListener('timeupdate', () => audio.currentTime > 0.5 && done());
          audio.addEventListener('error', () => resolve({ time: 0, duration: 0, error: String(audio.error?.code) }));
          void audio.play().catch((e: Error) => resolve({ time: 0, duration: 0, error: e.message }));
        }),
    );

  it.each(['ar', 'ti'])('%s: "listen" on the housing answer plays speech', async (lng) => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/`);
    await page.click(`button.language[data-lng="${lng}"]`);
    await press(page, label(lng, 'main.commune', 'skip'));
    await press(page, label(lng, 'main.menu', 'housing'));
    const audio = page.locator('.webchat__bubble audio');
    await audio.first().waitFor({ state: 'attached', timeout: 15_000 });
    const before = await audio.count();
    await press(page, label(lng, 'housing.start', 'no'));
    await audio.nth(before).waitFor({ state: 'attached', timeout: 15_000 });
    // The first player after the housing question: the "call 115" answer.
    const heard = await play(page, `.webchat__bubble audio >> nth=${before}`);
    await screenshot(page, `listen-${lng}`);
    expect(heard.error).toBeNull();
    expect(heard.duration).toBeGreaterThan(1);
    expect(heard.time).toBeGreaterThan(0.5);
    await page.close();
  });

  it('the directory page has a listen button per card that plays the card', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/annuaire?lang=fr`);
    const button = page.locator('.entry .listen-button').first();
    await button.waitFor({ timeout: 15_000 });
    await button.click();
    const heard = await play(page, '.entry .listen audio >> nth=0');
    expect(heard.error).toBeNull();
    expect(heard.time).toBeGreaterThan(0.5);
    await page.close();
  });
});
