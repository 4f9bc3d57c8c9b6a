import { MemoryStorage } from 'botbuilder';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, openBrowser, screenshot, type PhoneBrowser } from './helpers/browser.js';
import { activity, postActivity, startServer, type TestServer } from './harness/index.js';

const PASSWORD = 'Browser-Test-42-pass';
const available = browserAvailable('browser-admin');

describe.skipIf(!available)('admin page in headless Chromium', () => {
  let server: TestServer;
  let url: string;
  let browser: PhoneBrowser;
  let page: Page;

  beforeAll(async () => {
    server = await startServer({
      storage: new MemoryStorage(),
      accounts: [{ email: 'admin@example.org', role: 'admin', name: 'Browser Admin', password: PASSWORD }],
    });
    url = server.url;
    browser = await openBrowser({ width: 360, height: 740 }, 'fr-FR');
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs in, shows an inline error for a bad phone, saves a good one, and the bot uses it', async () => {
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    page.on(
      'console',
      (msg) => msg.type() === 'error' && !msg.text().startsWith('Failed to load resource') && problems.push(msg.text()),
    );
    page.setDefaultTimeout(15_000);

    await page.goto(`${url}/admin`);
    await page.fill('#login-email', 'admin@example.org');
    await page.fill('#login-password', PASSWORD);
    await screenshot(page, 'admin-1-login');
    await page.click('#login-form button[type=submit]');
    await page.waitForSelector('#entries:not([hidden])');

    await page.fill('#q', 'chicas');
    await page.waitForSelector('li[data-id="gap.pass-chicas"]');
    await screenshot(page, 'admin-2-list');
    await page.click('li[data-id="gap.pass-chicas"] a');

    const phone = '[data-path="phones.0.number"]';
    await page.waitForSelector(`${phone} input`);
    await page.fill(`${phone} input`, '04 92 pas un numéro');
    await page.click('#save');
    const error = page.locator(`${phone} > .error`);
    await error.waitFor({ state: 'visible' });
    expect(await error.textContent()).toContain('+33492000000');
    expect(await page.locator(phone).getAttribute('class')).toContain('invalid');
    await page.locator(phone).scrollIntoViewIfNeeded();
    await screenshot(page, 'admin-3-invalid-phone', { fullPage: false });

    await page.fill(`${phone} input`, '+33492000000');
    await page.click('#save');
    await page.waitForSelector('#edit-message.ok:not([hidden])');
    expect(await page.locator(`${phone} > .error`).isVisible()).toBe(false);
    await screenshot(page, 'admin-4-saved', { fullPage: false });
    expect(server.app.directory.get('gap.pass-chicas')!.phones[0].number).toBe('+33492000000');

    await page.click('#edit-actions [data-action=history]');
    await page.waitForSelector('#history-list li table');
    await page.locator('#history').scrollIntoViewIfNeeded();
    await screenshot(page, 'admin-5-history', { fullPage: false });

    await page.goto(`${url}/admin#/review`);
    await page.waitForSelector('#review-list li');
    await screenshot(page, 'admin-6-review', { fullPage: false });

    // A new entry saved empty: every missing required field says so in place.
    await page.goto(`${url}/admin#/entry/`);
    await page.waitForSelector('[data-path="name"] input');
    await page.click('#save');
    for (const field of ['id', 'name', 'themes', 'summary', 'sources'])
      await page.waitForSelector(`[data-path="${field}"].invalid`);
    await screenshot(page, 'admin-7-new-entry-errors', { fullPage: false });

    // Import dry run from a file: shows what would change, writes nothing.
    const current = server.app.directory.get('national.3039')!;
    await page.goto(`${url}/admin#/transfer`);
    await page.setInputFiles('#import-file', {
      name: 'import.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify([{ ...current, accessibility: 'Relais sourds' }])),
    });
    await page.click('#dry-run');
    await page.waitForSelector('#import-result li');
    expect(await page.textContent('#import-result')).toContain('national.3039 — accessibility');
    expect(server.app.directory.get('national.3039')!.version).toBe(current.version);
    await screenshot(page, 'admin-8-import-preview');
    expect(problems).toEqual([]);

    // The bot, over HTTP, shows the new number at once: Gap → find a contact → health → PASS.
    const replies: string[] = [];
    for (const text of ['bonjour', 'Gap', 'Trouver des contacts', 'Santé', 'Soins sans couverture (PASS)']) {
      const res = await postActivity(url, activity('browser-conv', text, { channelId: 'webchat', locale: 'fr-FR' }));
      expect(res.status).toBe(200);
      // Each contact as its text and the targets of its call buttons.
      type Reply = { text?: string; attachments?: { content?: { buttons?: { value: string }[] } }[] };
      replies.splice(
        0,
        replies.length,
        ...(res.json.activities ?? []).map(
          (a: Reply) =>
            `${a.text ?? ''}\n${(a.attachments ?? []).flatMap((x) => x.content?.buttons ?? []).map((b) => b.value)}`,
        ),
      );
    }
    const card = replies.find((r) => r.includes("PASS de l'hôpital de Gap"));
    expect(card, replies.join('\n---\n')).toBeDefined();
    expect(card).toContain('tel:+33492000000');
    expect(card).not.toContain('tel:+33492406161');
  }, 90_000);
});
