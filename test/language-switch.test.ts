import { MemoryStorage } from 'botbuilder';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { browserAvailable, openBrowser, screenshot, type PhoneBrowser } from './helpers/browser.js';
import { afterTown, allText, startApp, startServer, waitingNode, type TestServer } from './harness/index.js';

// Issue 15: choosing another language keeps the conversation (the town, the answers) and asks the
// question the person was at again, in the new language.
describe('changing language in the middle of a conversation', () => {
  let app: App;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ app, close } = await startApp());
  });
  afterAll(() => close());
  const t = (lng: string) => app.catalog.t(lng);

  it('with the bot\'s "language" button: back to the same question, in the new language, the town kept', async () => {
    const c = await afterTown(app, 'Gap', { locale: 'fr-FR' });
    const housing = await c.say(t('fr')('main.menu.housing'));
    expect(waitingNode(housing)).toBe('housing.start');
    expect(waitingNode(await c.press({ command: 'language' }))).toBe('main.language');
    const arabic = await c.say(t('ar')('main.language.ar'));
    expect(waitingNode(arabic)).toBe('housing.start');
    expect(allText(arabic)).toContain(t('ar')('housing.start.text'));
    // The town was not asked again: a need answered now is served near Gap.
    expect(allText(arabic)).not.toContain(t('ar')('main.commune.text'));
  });

  it("with the web page's language picker: the waiting question again, in that language", async () => {
    const c = await afterTown(app, 'Briançon', { locale: 'fr-FR' });
    await c.say(t('fr')('main.menu.health'));
    const ukrainian = await c.press({ command: 'language', locale: 'uk' } as never);
    expect(waitingNode(ukrainian)).toBe('health.start');
    expect(allText(ukrainian)).toContain(t('uk')('health.start.text'));
    // A language the trees do not offer changes nothing but asks the same question again.
    const unknown = await c.press({ command: 'language', locale: 'xx' } as never);
    expect(waitingNode(unknown)).toBe('health.start');
    expect(allText(unknown)).toContain(t('uk')('health.start.text'));
  });

  it('a "language" button pressed and then ignored leaves no way back behind it', async () => {
    const c = await afterTown(app, 'Gap', { locale: 'fr-FR' });
    await c.say(t('fr')('main.menu.rights'));
    await c.press({ command: 'language' });
    await c.say('menu');
    await c.press({ command: 'language' });
    // The way back was the main menu now, not the rights question asked earlier.
    expect(waitingNode(await c.say(t('en')('main.language.en')))).toBe('main.menu');
  });
});

const available = browserAvailable('language-switch');

describe.skipIf(!available)('changing language on the chat page (360×740)', () => {
  let server: TestServer;
  let browser: PhoneBrowser;
  beforeAll(async () => {
    server = await startServer({ storage: new MemoryStorage() });
    browser = await openBrowser({ width: 360, height: 740 });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  const t = (lng: string, key: string) => server.app.catalog.t(lng)(key);
  const chip = (page: Page, text: string) =>
    page.locator('.webchat__suggested-actions button', { hasText: text }).first();

  it('French then Arabic: the transcript stays, the question is asked again in Arabic, right to left', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/`);
    await page.click('button.language[data-lng="fr"]');
    await chip(page, t('fr', 'main.commune.skip')).waitFor({ state: 'visible', timeout: 20_000 });
    await page.locator('[data-id="webchat-sendbox-input"], .webchat__send-box-text-box__input').first().fill('Gap');
    await page.keyboard.press('Enter');
    await chip(page, t('fr', 'main.menu.housing')).click();
    await page
      .locator('.webchat__bubble', { hasText: t('fr', 'housing.start.text').slice(0, 25) })
      .first()
      .waitFor();
    await page.click('#language');
    await page.click('button.language[data-lng="ar"]');
    await page
      .locator('.webchat__bubble', { hasText: t('ar', 'housing.start.text').slice(0, 20) })
      .first()
      .waitFor({ timeout: 20_000 });
    // The French part of the conversation is still there above it, and the page is now Arabic.
    expect(await page.locator('.webchat__bubble', { hasText: 'Gap' }).count()).toBeGreaterThan(0);
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    await screenshot(page, 'language-switch-ar');
    await page.close();
  });
});
