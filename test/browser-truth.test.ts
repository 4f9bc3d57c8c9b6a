// The loop that keeps the directory true (issue 13), in headless Chromium: a social worker reports a
// wrong number from /annuaire (and the printed sheet and the chat carry the same report link); an admin
// sees it in the review queue and makes the service's confirmation link; the service confirms, or
// proposes a correction the admin accepts; the entry says "confirmed by the service"; an expired
// notice vanishes on a fake clock.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryStorage } from 'botbuilder';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parisToday } from '../src/common/time.js';
import { browserAvailable, openBrowser, screenshot, type PhoneBrowser } from './helpers/browser.js';
import {
  activity,
  DIRECTORY,
  fakeClock,
  postActivity,
  removeTempDirs,
  startServer,
  tempDir,
  type TestServer,
} from './harness/index.js';

const available = browserAvailable('browser-truth');
const PASSWORD = 'Browser-Test-42-pass';
const DAY = 86_400_000;
/** Just after the real time: the harness dates the accounts it makes by the real clock. */
const START = Date.now() + 5 * 60_000;
const dayOf = (offset: number) => parisToday(START + offset * DAY);

/** A copy of the directory where the Gap PASS has a closure notice ending tomorrow. */
function directoryWithNotice(): string {
  const data = JSON.parse(readFileSync(DIRECTORY, 'utf8'));
  const pass = data.entries.find((e: { id: string }) => e.id === 'gap.pass-chicas');
  pass.notices = [{ kind: 'closure', start: dayOf(-1), end: dayOf(1), text: { fr: 'Fermé pour travaux.' } }];
  const file = join(tempDir(), 'directory.json');
  writeFileSync(file, JSON.stringify(data));
  return file;
}

describe.skipIf(!available)('keeping the directory true, in headless Chromium', () => {
  const clock = fakeClock(START);
  let server: TestServer;
  let browser: PhoneBrowser;
  let page: Page;
  const card = (id: string) => page.locator(`article.entry[data-id="${id}"]`);

  beforeAll(async () => {
    server = await startServer({
      clock,
      storage: new MemoryStorage(),
      directoryFile: directoryWithNotice(),
      env: { CONFIRM_LINK_SECRET: 'browser-test-secret-of-32-characters-at-least' },
      accounts: [{ email: 'admin@example.org', role: 'admin', name: 'Browser Admin', password: PASSWORD }],
    });
    browser = await openBrowser({ width: 1000, height: 900 }, 'fr-FR');
    page = browser.page;
    page.setDefaultTimeout(15_000);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    removeTempDirs();
  });

  /** /annuaire with the results of `q` shown (the page searches 300 ms after typing, then settles). */
  const search = async (q: string) => {
    await page.goto(`${server.url}/annuaire?lang=fr`);
    await page.waitForSelector('#results li');
    const answered = page.waitForResponse(
      (r) => r.url().includes('/api/directory/search') && r.url().includes(`q=${q}`),
    );
    await page.fill('#q', q);
    await answered;
    await page.waitForSelector(`#results article.entry`);
  };

  /** Opens the admin review queue, signing in the first time. */
  const review = async () => {
    await page.goto(`${server.url}/admin#/review`);
    await page.waitForSelector('#login:not([hidden]), #review:not([hidden])');
    if (await page.locator('#login:not([hidden])').count()) {
      await page.fill('#login-email', 'admin@example.org');
      await page.fill('#login-password', PASSWORD);
      await page.click('#login-form button[type=submit]');
    }
    await page.waitForSelector('#review:not([hidden]) #review-list li');
  };

  it('walks the loop: report, review, confirmation link, the service confirms or corrects, notices expire', async () => {
    // 1. A social worker finds the PASS on /annuaire: the notice is shown; she reports a wrong number.
    await search('chicas');
    await card('gap.pass-chicas').waitFor();
    expect(await card('gap.pass-chicas').locator('.notice.closure').textContent()).toContain('Fermé pour travaux.');
    await card('gap.pass-chicas').locator('details.report summary').click();
    const form = card('gap.pass-chicas').locator('form.report-form');
    await form.locator('input[value=phone]').check();
    await form.locator('textarea').fill('Le 04 92 40 61 61 sonne dans le vide, rappelez-moi au 06 12 34 56 78');
    await form.locator('button[type=submit]').click();
    await form.locator('.report-status.ok').waitFor();
    await screenshot(page, 'truth-1-report-from-annuaire', { fullPage: false });
    expect(server.app.directory.get('gap.pass-chicas')!.version).toBe(2);

    // The printed sheet and the chat carry the same report page.
    await page.goto(`${server.url}/annuaire/fiche?ids=gap.pass-chicas&lang=en`);
    await page.waitForSelector('body[data-ready=true]');
    const sheetLink = await page.locator('.report-link').first().textContent();
    expect(sheetLink).toContain(`${server.url}/signaler/gap.pass-chicas`);
    expect(await page.locator('.card .notice').count()).toBe(1);
    await page.goto(`${server.url}/signaler/gap.pass-chicas?lang=en`);
    await page.waitForSelector('body[data-ready=true] form.report-form');

    // 2. The admin sees the report in the review queue and makes the service's confirmation link.
    await review();
    const item = page.locator('#review-list li[data-id="gap.pass-chicas"]');
    expect(await item.locator('.reports').textContent()).toMatch(/1/);
    expect(await item.textContent()).toContain('[phone]');
    expect(await item.textContent()).not.toContain('06 12 34 56 78');
    await item.locator('button.create-link').click();
    const link = await item.locator('input.link-url').inputValue();
    expect(link).toMatch(/\/confirmer#/);
    await screenshot(page, 'truth-2-review-queue-link', { fullPage: false });

    // 3. The service opens its link and confirms: the entry is re-dated "confirmed by the service".
    await page.goto(link);
    await page.waitForSelector('body[data-ready=true] #ok:not([hidden])');
    expect(await page.textContent('#entry')).toContain("PASS de l'hôpital de Gap");
    await page.click('#ok');
    await page.waitForSelector('#status.ok');
    await screenshot(page, 'truth-3-service-confirms', { fullPage: false });
    expect(server.app.directory.get('gap.pass-chicas')!).toMatchObject({ verifiedAt: dayOf(0) });
    await search('chicas');
    const confirmed = card('gap.pass-chicas').locator('[data-freshness=fresh]');
    await confirmed.waitFor();
    const [saying] = server.app.catalog.t('fr')('web.dir.entry.confirmed', { date: '\u0000' }).split('\u0000');
    expect(await confirmed.textContent()).toContain(saying.trim());

    // The admin closes the report as fixed.
    await review();
    await page.locator('#review-list li[data-id="gap.pass-chicas"] button.close-fixed').click();
    await page.waitForSelector('#flash.ok');
    const queue = await fetch(`${server.url}/api/directory/entries/gap.pass-chicas`).then((r) => r.json());
    expect(queue.lastVerification).toEqual({ method: 'service', date: dayOf(0) });

    // 4. Another service proposes a correction; the admin accepts it in the queue.
    await page.locator('#review-list li[data-id="gap.urgences-chicas"] button.create-link').click();
    const other = await page.locator('#review-list li[data-id="gap.urgences-chicas"] input.link-url').inputValue();
    await page.goto(other);
    await page.waitForSelector('body[data-ready=true] #propose:not([hidden])');
    await page.click('#propose');
    await page.fill('#c-phones', '04 92 40 61 00');
    await page.fill('#c-comment', 'Ligne directe du service des urgences');
    await page.click('#corrections button[type=submit]');
    await page.waitForSelector('#status.ok');
    expect(server.app.directory.get('gap.urgences-chicas')!.phones[0].number).toBe('+33492406161');
    await review();
    const proposal = page.locator('#review-list li[data-id="gap.urgences-chicas"] div.proposal');
    expect(await proposal.textContent()).toContain('+33492406100');
    await screenshot(page, 'truth-4-proposal', { fullPage: false });
    await proposal.locator('button.accept-proposal').click();
    await page.waitForSelector('#flash.ok');
    expect(server.app.directory.get('gap.urgences-chicas')!).toMatchObject({
      phones: [{ number: '+33492406100' }],
      verifiedAt: dayOf(0),
    });

    // 5. Two days later the notice has ended: it is gone from the card, by itself.
    clock.set(START + 2 * DAY);
    await search('chicas');
    await card('gap.pass-chicas').waitFor();
    expect(await card('gap.pass-chicas').locator('.notice').count()).toBe(0);
    await screenshot(page, 'truth-5-notice-gone', { fullPage: false });
    const serious = browser.problems.filter((p) => /Content Security Policy|^pageerror:|^http 5\d\d:/.test(p));
    expect(serious).toEqual([]);
  }, 120_000);

  it('puts a report button on every contact the bot shows', async () => {
    const post = async (text: string) =>
      (await postActivity(server.url, activity('truth-conv', text, { channelId: 'webchat', locale: 'fr-FR' }))).json;
    let activities: {
      channelData?: { entry?: string };
      attachments?: { content: { buttons: { value: string }[] } }[];
    }[] = [];
    for (const text of ['bonjour', 'Gap', 'Trouver des contacts', 'Santé', 'Soins sans couverture (PASS)'])
      activities = (await post(text)).activities ?? [];
    const contacts = activities.filter((a) => a.channelData?.entry);
    expect(contacts.length).toBeGreaterThan(0);
    for (const a of contacts)
      expect(a.attachments?.[0].content.buttons.map((b) => b.value)).toContain(
        `/signaler/${encodeURIComponent(a.channelData!.entry!)}?lang=fr`,
      );
  });
});
