import { createServer, type Server } from 'node:http';
import { MemoryStorage } from 'botbuilder';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCALES } from '../src/common/locales.js';
import { browserAvailable, openBrowser, screenshot, type PhoneBrowser } from './helpers/browser.js';
import { request, startServer, type TestServer } from './harness/index.js';

const available = browserAvailable('browser-i18n');
const PASSWORD = 'Browser-Test-42-pass';
/** Cards with hours notes, an e-mail, a website and an old verification date ("call first"). */
const SHEET = ['national.3919', 'hautes-alpes.cimade', 'hautes-alpes.adrets-france-services', 'gap.la-cordee'];
const FRENCH_MONTHS = /janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre/;
const CLOCK = /^[0-9٠-٩۰-۹]{2}:[0-9٠-٩۰-۹]{2}$/;

describe.skipIf(!available)('every language in the browser: Web Chat, the notices, the sheet, the translators', () => {
  let server: TestServer;
  let neutral: Server;
  let neutralUrl: string;
  let browser: PhoneBrowser;

  beforeAll(async () => {
    // The quick exit's neutral page: another origin, as in production.
    neutral = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<p>Météo</p>');
    });
    await new Promise<void>((done) => neutral.listen(0, '127.0.0.1', () => done()));
    neutralUrl = `http://127.0.0.1:${(neutral.address() as { port: number }).port}/neutral`;
    server = await startServer({
      storage: new MemoryStorage(),
      ownLocales: true,
      env: { QUICK_EXIT_URL: neutralUrl },
      accounts: [
        { email: 'ti@example.org', role: 'translator', name: 'Tesfay', languages: ['ti'], password: PASSWORD },
      ],
    });
    browser = await openBrowser({ width: 360, height: 740 });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await new Promise((done) => neutral?.close(done));
  });

  const t = (lng: string, key: string) => server.app.catalog.t(lng)(key);
  const webText = (lng: string, key: string) => server.app.catalog.texts[lng][key] ?? server.app.catalog.texts.fr[key];

  async function openChat(page: Page, lng: string) {
    await page.goto(`${server.url}/`);
    await page.click(`button.language[data-lng="${lng}"]`);
    // The town question (after the welcome) is on screen with its buttons.
    await page
      .locator('.webchat__suggested-actions button', { hasText: t(lng, 'main.commune.skip') })
      .first()
      .waitFor({ state: 'visible', timeout: 20_000 });
  }

  it.each([...LOCALES])('%s: Web Chat speaks the language, with 24-hour times and the notice', async (lng) => {
    const page = await browser.context.newPage();
    try {
      await openChat(page, lng);
      const box = page.locator('.webchat__send-box input, .webchat__send-box textarea').first();
      expect(await box.getAttribute('placeholder')).toBe(webText(lng, 'web.webchat.placeholder'));
      const send = page.locator('.webchat__send-box button[title], .webchat__send-box button[aria-label]').last();
      expect([await send.getAttribute('title'), await send.getAttribute('aria-label')]).toContain(
        webText(lng, 'web.webchat.send'),
      );
      // A message of the user's own, so that both sides show a time.
      await box.fill('Gap');
      await box.press('Enter');
      await page
        .locator('.webchat__suggested-actions button', { hasText: t(lng, 'main.menu.housing') })
        .first()
        .waitFor({ state: 'visible', timeout: 20_000 });
      // Both sides' last messages show their time (Web Chat groups the others under them).
      await page.locator('.webchat__stacked-layout__status .passerelle-time').nth(1).waitFor({ timeout: 10_000 });
      const times = (await page.locator('.webchat__stacked-layout__status').allTextContents())
        .map((s) => s.trim())
        .filter(Boolean);
      expect(times.length, 'timestamps shown').toBeGreaterThan(1);
      for (const time of times) expect(time).toMatch(CLOCK);
      expect(await page.locator('.webchat__stacked-layout__status', { hasText: /AM|PM/ }).count()).toBe(0);
      const notice = page.locator('#notice');
      if (lng === 'fr') expect(await notice.isHidden()).toBe(true);
      else expect(await notice.textContent()).toBe(webText(lng, 'web.notice.chat'));
      const bubbles = (await page.locator('.webchat__bubble').allTextContents()).join('\n');
      if (lng !== 'fr') expect(bubbles).toContain(t(lng, 'common.machine-notice'));
      expect(await page.getAttribute('html', 'dir')).toBe(['ar', 'fa', 'ps'].includes(lng) ? 'rtl' : 'ltr');
      await screenshot(page, `i18n-chat-${lng}`, { fullPage: false });
    } finally {
      await page.close();
    }
  });

  it('Arabic: "show in French" adds the same answer in French, written left to right', async () => {
    const page = await browser.context.newPage();
    try {
      await openChat(page, 'ar');
      await page
        .locator('.ac-pushButton', { hasText: t('ar', 'common.show-french') })
        .last()
        .click();
      const french = page.locator('.webchat__bubble', { hasText: t('fr', 'main.commune.text').slice(0, 30) });
      await french.first().waitFor({ timeout: 15_000 });
      // Its paragraph flows left to right: its first letter is left of its last one.
      const flow = await french
        .first()
        .locator('p')
        .first()
        .evaluate((p) => {
          const text = p.firstChild!;
          const range = document.createRange();
          range.setStart(text, 0);
          range.setEnd(text, 1);
          const first = range.getBoundingClientRect().left;
          range.setStart(text, text.textContent!.length - 1);
          range.setEnd(text, text.textContent!.length);
          return { first, last: range.getBoundingClientRect().left };
        });
      expect(flow.first).toBeLessThan(flow.last);
      // The buttons under it are still the Arabic ones.
      await page
        .locator('.webchat__suggested-actions button', { hasText: t('ar', 'main.commune.skip') })
        .waitFor({ state: 'visible' });
      await screenshot(page, 'i18n-chat-ar-french', { fullPage: false });
    } finally {
      await page.close();
    }
  });

  it('quick exit replaces the chat by the configured neutral page and leaves no way back to it', async () => {
    const page = await browser.context.newPage();
    try {
      await page.goto(`${server.url}/annuaire`);
      await openChat(page, 'fa');
      const before = await page.evaluate(() => history.length);
      await page.click('#exit');
      await page.waitForURL(neutralUrl);
      expect(await page.evaluate(() => history.length)).toBe(before);
      await page.goBack();
      expect(new URL(page.url()).pathname).toBe('/annuaire');
    } finally {
      await page.close();
    }
  });

  it('the directory page in English says it is a machine translation and links to French', async () => {
    const page = await browser.context.newPage();
    try {
      await page.goto(`${server.url}/annuaire?lang=en`);
      const notice = page.locator('#notice');
      await notice.waitFor();
      expect(await notice.textContent()).toContain(webText('en', 'web.notice.machine'));
      expect(await notice.locator('a').getAttribute('href')).toBe('?lang=fr');
      await page.goto(`${server.url}/annuaire?lang=fr`);
      await page.locator('#results li').first().waitFor();
      expect(await page.locator('#notice').count()).toBe(0);
    } finally {
      await page.close();
    }
  });

  it.each(['fa', 'ps', 'ti'])('the printed sheet in %s: no tofu, its own dates, isolated directions', async (lng) => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 794, height: 1123 });
    try {
      await page.goto(`${server.url}/annuaire/fiche?${new URLSearchParams({ ids: SHEET.join(','), lang: lng })}`);
      await page.waitForSelector('body[data-ready]');
      await page.evaluate(() => document.fonts.ready);
      await page.emulateMedia({ media: 'print' });
      await screenshot(page, `i18n-sheet-${lng}-print`);
      const own = page.locator(`[lang="${lng}"]`);
      expect(await own.count()).toBeGreaterThan(SHEET.length);
      expect(await page.locator('#notice').textContent()).toContain(webText(lng, 'web.notice.sheet'));
      // Every run in the person's language is isolated in its own direction.
      const dirs = await own.evaluateAll((els) =>
        els.map((e) => [getComputedStyle(e).direction, getComputedStyle(e).unicodeBidi]),
      );
      const rtl = ['fa', 'ps'].includes(lng);
      for (const [direction, bidi] of dirs) {
        expect(direction).toBe(rtl ? 'rtl' : 'ltr');
        expect(['isolate', 'plaintext', 'isolate-override']).toContain(bidi);
      }
      // Dates in the person's language: no French month inside their text.
      const ownText = (await own.allTextContents()).join('\n');
      expect(ownText).not.toMatch(FRENCH_MONTHS);
      expect(await page.locator(`[lang="${lng}"] bdi`).count()).toBeGreaterThan(0);
      // No tofu: every glyph of their text comes from the fonts this server serves, none from the system.
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('DOM.enable');
      await cdp.send('CSS.enable');
      const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
      const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector: `[lang="${lng}"]` });
      const fonts = new Map<string, boolean>();
      for (const nodeId of nodeIds)
        for (const f of (await cdp.send('CSS.getPlatformFontsForNode', { nodeId })).fonts)
          fonts.set(f.familyName, f.isCustomFont);
      expect(fonts.size).toBeGreaterThan(0);
      // Our Noto families, downloaded or (fonts.css, issue 18) already on the device; nothing else.
      const ours = /^Noto Sans( Arabic| Ethiopic)?$/;
      expect(
        [...fonts].filter(([name, custom]) => !custom && !ours.test(name)),
        JSON.stringify([...fonts]),
      ).toEqual([]);
      const script = lng === 'ti' ? 'Noto Sans Ethiopic' : 'Noto Sans Arabic';
      expect([...fonts.keys()]).toContain(script);
    } finally {
      await page.close();
    }
  });

  it('a Tigrinya translator reviews strings in the admin, and the status API shows the progress', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1024, height: 900 });
    try {
      const before = (await request(`${server.url}/api/i18n/status`)).body.languages.find(
        (l: { code: string }) => l.code === 'ti',
      );
      await page.goto(`${server.url}/admin`);
      await page.fill('#login-email', 'ti@example.org');
      await page.fill('#login-password', PASSWORD);
      await page.click('#login-form button[type=submit]');
      await page.waitForSelector('#translations:not([hidden]) li.translation');
      await page.selectOption('#tr-status', 'to-review');
      const row = page.locator('li.translation[data-key="web.chat.exit"]');
      await row.waitFor();
      await row.locator('textarea').fill('ብቕልጡፍ ውጽኡ');
      await row
        .locator('button', { hasText: 'marquer relu' })
        .or(row.locator('button', { hasText: 'mark reviewed' }))
        .click();
      await page.locator('li.translation[data-key="web.chat.exit"][data-status="reviewed"]').waitFor();
      await screenshot(page, 'i18n-admin-translator', { fullPage: false });
      const after = (await request(`${server.url}/api/i18n/status`)).body.languages.find(
        (l: { code: string }) => l.code === 'ti',
      );
      expect(after.strings.reviewed).toBe(before.strings.reviewed + 1);
      expect(after.strings.toReview).toBe(before.strings.toReview - 1);
      // Visible at once on the chat page's texts.
      expect((await request(`${server.url}/api/i18n/ti/web`)).body['web.chat.exit']).toBe('ብቕልጡፍ ውጽኡ');
    } finally {
      await page.close();
    }
  });
});
