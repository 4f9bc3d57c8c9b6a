import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MemoryStorage } from 'botbuilder';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/shared/logger.js';
import { createApp, type App } from '../src/app.js';
import { openAccounts } from '../src/admin/accounts.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(ROOT, 'test-artifacts');
const PASSWORD = 'Browser-Test-42-pass';
const available = existsSync(CHROMIUM);
const inCi = process.env.CI === 'true';

if (!available && !inCi)
  console.warn(
    `\n⚠️  browser-admin: ${CHROMIUM} is missing — the admin browser test is SKIPPED (apt-get install chromium)\n`,
  );

describe('browser: chromium is available in CI', () => {
  it.runIf(inCi)('finds /usr/bin/chromium', () =>
    expect(existsSync(CHROMIUM), `${CHROMIUM} is required when CI=true`).toBe(true),
  );
});

describe.skipIf(!available)('admin page in headless Chromium', () => {
  let app: App;
  let url: string;
  let tmp: string;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'passerelle-browser-'));
    const directoryFile = join(tmp, 'directory.json');
    copyFileSync(join(ROOT, 'data/directory.json'), directoryFile);
    const stateDir = join(tmp, 'state');
    await openAccounts(stateDir).add({ email: 'admin@example.org', role: 'admin', name: 'Browser Admin' }, PASSWORD);
    const config = loadConfig({ DIRECTORY_FILE: directoryFile, STATE_DIR: stateDir, LOG_LEVEL: 'silent' }, ROOT);
    app = await createApp(config, { logger: createLogger('silent'), storage: new MemoryStorage() });
    await new Promise<void>((done) => app.server.listen(0, '127.0.0.1', () => done()));
    url = `http://127.0.0.1:${app.server.address().port}`;
    mkdirSync(ARTIFACTS, { recursive: true });
    context = await chromium.launchPersistentContext(join(tmp, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 360, height: 740 },
      locale: 'fr-FR',
    });
    page = context.pages()[0] ?? (await context.newPage());
  });

  afterAll(async () => {
    await context?.close();
    await app?.close();
    rmSync(tmp, { recursive: true, force: true });
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
    await page.screenshot({ path: join(ARTIFACTS, 'admin-1-login.png'), fullPage: true });
    await page.click('#login-form button[type=submit]');
    await page.waitForSelector('#entries:not([hidden])');

    await page.fill('#q', 'chicas');
    await page.waitForSelector('li[data-id="gap.pass-chicas"]');
    await page.screenshot({ path: join(ARTIFACTS, 'admin-2-list.png'), fullPage: true });
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
    await page.screenshot({ path: join(ARTIFACTS, 'admin-3-invalid-phone.png') });

    await page.fill(`${phone} input`, '+33492000000');
    await page.click('#save');
    await page.waitForSelector('#edit-message.ok:not([hidden])');
    expect(await page.locator(`${phone} > .error`).isVisible()).toBe(false);
    await page.screenshot({ path: join(ARTIFACTS, 'admin-4-saved.png') });
    expect(app.directory.get('gap.pass-chicas')!.phones[0].number).toBe('+33492000000');

    await page.click('#edit-actions [data-action=history]');
    await page.waitForSelector('#history-list li table');
    await page.locator('#history').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'admin-5-history.png') });

    await page.goto(`${url}/admin#/review`);
    await page.waitForSelector('#review-list li');
    await page.screenshot({ path: join(ARTIFACTS, 'admin-6-review.png') });

    // A new entry saved empty: every missing required field says so in place.
    await page.goto(`${url}/admin#/entry/`);
    await page.waitForSelector('[data-path="name"] input');
    await page.click('#save');
    for (const field of ['id', 'name', 'themes', 'summary', 'sources'])
      await page.waitForSelector(`[data-path="${field}"].invalid`);
    await page.screenshot({ path: join(ARTIFACTS, 'admin-7-new-entry-errors.png') });

    // Import dry run from a file: shows what would change, writes nothing.
    const current = app.directory.get('national.3039')!;
    await page.goto(`${url}/admin#/transfer`);
    await page.setInputFiles('#import-file', {
      name: 'import.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify([{ ...current, accessibility: 'Relais sourds' }])),
    });
    await page.click('#dry-run');
    await page.waitForSelector('#import-result li');
    expect(await page.textContent('#import-result')).toContain('national.3039 — accessibility');
    expect(app.directory.get('national.3039')!.version).toBe(current.version);
    await page.screenshot({ path: join(ARTIFACTS, 'admin-8-import-preview.png'), fullPage: true });
    expect(problems).toEqual([]);

    // The bot, over HTTP, shows the new number at once: Gap → find a contact → health → PASS.
    const replies: string[] = [];
    for (const text of ['bonjour', 'Gap', 'Trouver des contacts', 'Santé', 'Soins sans couverture (PASS)']) {
      const res = await fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'message',
          text,
          channelId: 'webchat',
          locale: 'fr-FR',
          deliveryMode: 'expectReplies',
          from: { id: 'browser-user' },
          recipient: { id: 'bot' },
          conversation: { id: 'browser-conv' },
          serviceUrl: 'http://localhost',
        }),
      });
      expect(res.status).toBe(200);
      replies.splice(
        0,
        replies.length,
        ...((await res.json()).activities ?? []).map((a: { text?: string }) => a.text ?? ''),
      );
    }
    const card = replies.find((r) => r.includes("PASS de l'hôpital de Gap"));
    expect(card, replies.join('\n---\n')).toBeDefined();
    expect(card).toContain('tel:+33492000000');
    expect(card).not.toContain('tel:+33492406161');
  }, 90_000);
});
