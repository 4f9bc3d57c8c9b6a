import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { browserAvailable, openBrowser, screenshot, type PhoneBrowser } from './helpers/browser.js';
import { startServer, type TestServer } from './harness/index.js';
import { LOCALES } from '../src/common/locales.js';

const available = browserAvailable('browser-call');
const PHONE = { width: 360, height: 740 };
/** The lead buttons of the emergency screen, in order, and where each one leads. */
const LEAD = ['tel:15', 'tel:17', 'tel:112', 'tel:115', 'sms:114'];

/**
 * One tap to call, on a phone (360×740): the emergency call buttons are on screen without scrolling
 * and lead to the right number (every language); in French, Arabic (right-to-left) and Tigrinya
 * (Ethiopic script) every contact has a call button and, for someone in Gap, the nearest offices
 * come first.
 */
describe.skipIf(!available)('calling from the web chat on a phone (360×740)', () => {
  let server: TestServer;
  let browser: PhoneBrowser;
  beforeAll(async () => {
    server = await startServer();
    browser = await openBrowser(PHONE);
    // What a button opens is recorded instead of leaving the page for the phone's dialer.
    await browser.context.addInitScript(() => {
      const opened: string[] = [];
      Object.assign(window, { opened });
      window.open = (url?: string | URL) => (opened.push(String(url)), null);
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const t = (lng: string, key: string) => server.app.catalog.t(lng)(key);
  const chip = (page: Page, text: string) => page.locator('.webchat__suggested-actions button', { hasText: text });
  const say = async (page: Page, text: string) => {
    const box = page.locator('.webchat__send-box-text-box__input');
    await box.fill(text);
    await box.press('Enter');
  };
  const opened = (page: Page) => page.evaluate(() => (window as unknown as { opened: string[] }).opened.splice(0));

  /** Whether the whole element is inside the transcript's visible area (not under the chips or the send box). */
  const onScreen = async (page: Page, button: Locator) => {
    const box = (await button.boundingBox())!;
    const view = (await page.locator('.webchat__basic-transcript__scrollable').boundingBox())!;
    return box.y >= view.y - 1 && box.y + box.height <= view.y + view.height + 1;
  };

  async function startIn(page: Page, lng: string) {
    await page.goto(`${server.url}/`);
    await page.click(`button.language[data-lng="${lng}"]`);
    await chip(page, t(lng, 'main.commune.skip')).waitFor({ state: 'visible', timeout: 20_000 });
    await say(page, 'Gap');
    await chip(page, t(lng, 'main.menu.housing')).waitFor({ state: 'visible', timeout: 15_000 });
  }

  // Every language: the labels' lengths differ, the screen does not.
  it.each([...LOCALES])('%s: the emergency screen leads with call buttons, on screen at once', async (lng) => {
    const page = await browser.context.newPage();
    await startIn(page, lng);
    await say(page, t(lng, 'main.menu.emergency'));
    // The turn is fully shown once the menu after the numbers has its chips.
    await chip(page, t(lng, 'emergency.after.menu')).waitFor({ state: 'visible', timeout: 15_000 });
    const lead = page
      .locator('.webchat__basic-transcript__activity', { hasText: t(lng, 'emergency.start.text') })
      .locator('.webchat__stacked-layout__attachment-row')
      .first()
      .locator('.ac-pushButton');
    await expect.poll(() => lead.count()).toBe(LEAD.length);
    await page.waitForTimeout(500); // Web Chat's scroll animation
    await screenshot(page, `call-1-emergency-${lng}`, { fullPage: false });
    for (let i = 0; i < LEAD.length; i++) {
      const button = lead.nth(i);
      expect(await onScreen(page, button), `${lng} button ${i + 1} visible without scrolling`).toBe(true);
      expect((await button.boundingBox())!.height).toBeGreaterThanOrEqual(48);
      await button.click();
    }
    expect(await opened(page)).toEqual(LEAD);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.close();
  });

  it.each(['fr', 'ar', 'ti'])('%s: a call button on each contact, the offices of Gap first', async (lng) => {
    const page = await browser.context.newPage();
    await startIn(page, lng);
    // "Find a contact" is behind "more": four chips at most.
    await chip(page, t(lng, 'common.choices.more')).click();
    await chip(page, t(lng, 'main.menu.contacts')).click();
    await chip(page, t(lng, 'contacts.start.housing')).waitFor({ state: 'visible', timeout: 15_000 });
    await say(page, 'maison des solidarités');
    await chip(page, t(lng, 'contacts.more.another')).waitFor({ state: 'visible', timeout: 15_000 });
    const contacts = page.locator('.webchat__basic-transcript__activity', { hasText: '📞' });
    await expect.poll(() => contacts.count()).toBeGreaterThanOrEqual(5);
    await page.waitForTimeout(500);
    await screenshot(page, `call-2-contacts-${lng}`, { fullPage: false });
    const count = await contacts.count();
    for (let i = 0; i < count; i++) {
      const buttons = contacts.nth(i).locator('.ac-pushButton');
      expect(await buttons.count(), `${lng} contact ${i + 1} has a call button`).toBeGreaterThan(0);
      expect((await buttons.first().boundingBox())!.height).toBeGreaterThanOrEqual(48);
    }
    // Nearest first: both offices of Gap, then the others (Veynes is the nearest of them).
    const names = await contacts.locator('strong').allTextContents();
    expect(names.slice(0, 2).every((n) => n.includes('Gap'))).toBe(true);
    expect(names[2]).toContain('Veynes');
    await contacts.first().locator('.ac-pushButton').first().click();
    expect(await opened(page)).toEqual([`tel:${server.app.directory.get('gap.mds-bonne')!.phones[0].number}`]);
    await page.close();
  });
});
