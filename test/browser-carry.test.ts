import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Route } from 'playwright-core';
import { renewalWindow } from '../src/common/renewal.js';
import { browserAvailable, openBrowser, screenshot, type PhoneBrowser } from './helpers/browser.js';
import { startServer, type TestServer } from './harness/index.js';

const available = browserAvailable('browser-carry');
const PHONE = { width: 360, height: 740 };
const PERSIAN = '۰۱۲۳۴۵۶۷۸۹';
const persian = (text: string) => text.replace(/\d/g, (d) => PERSIAN[Number(d)]);

/** Today plus five months, as YYYY-MM-DD (UTC). */
function inFiveMonths(): string {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 5, Math.min(d.getUTCDate(), 28)))
    .toISOString()
    .slice(0, 10);
}

/** The number of pages of a PDF printed by Chromium. */
const pdfPages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;

describe.skipIf(!available)('take it with you (issue 18): counter card, calendar file, offline pages', () => {
  let server: TestServer;
  let browser: PhoneBrowser;
  let page: Page;
  beforeAll(async () => {
    server = await startServer();
    browser = await openBrowser(PHONE, 'fa-AF');
    page = browser.page;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const t = (locale: string, key: string) => server.app.catalog.t(locale)(key);
  const label = (locale: string, nodeId: string, choiceId: string) => {
    const node = server.app.graph.nodes.get(nodeId) as { choices?: { id: string; label: string }[] } | undefined;
    const choice = node?.choices?.find((c) => c.id === choiceId);
    if (!choice) throw new Error(`no choice ${choiceId} in ${nodeId}`);
    return t(locale, choice.label);
  };
  // Four chips at most (issue 22): a choice may be behind "more", pressed until it shows.
  const press = async (text: string, lng = 'fa') => {
    const chip = (label: string) => page.locator('.webchat__suggested-actions button', { hasText: label }).last();
    for (let tries = 0; tries < 8; tries++) {
      const wanted = chip(text);
      const next = chip(t(lng, 'common.choices.more'));
      await wanted.or(next).first().waitFor({ state: 'visible', timeout: 15_000 });
      if (await wanted.isVisible()) return wanted.click();
      // The chips may be those of the answer before, replaced while we look: look again.
      await next.click({ timeout: 2_000 }).catch(() => undefined);
      await page.waitForTimeout(300);
    }
    throw new Error(`no chip "${text}"`);
  };
  const type = async (text: string) => {
    const box = page.locator('[data-id="webchat-sendbox-input"]');
    await box.fill(text);
    await box.press('Enter');
  };
  const serious = () => browser.problems.filter((p) => /Content Security Policy|^pageerror:|^http 5\d\d/.test(p));
  const expiry = inFiveMonths();

  it('shows the language choice and the emergency numbers before Web Chat has loaded', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const hold = async (route: Route) => {
      await held;
      await route.continue();
    };
    await page.route('**/static/vendor/webchat.js', hold);
    await page.goto(`${server.url}/`, { waitUntil: 'domcontentloaded' });
    await page.locator('button.language[data-lng="fa"]').waitFor();
    expect(await page.locator('#emergency a[href^="tel:"]').count()).toBeGreaterThanOrEqual(5);
    expect(await page.evaluate(() => 'WebChat' in window)).toBe(false);
    release();
  });

  it('in Dari, a need ends on a counter card: both languages, RTL, QR codes, one printed page', async () => {
    await page.click('button.language[data-lng="fa"]');
    await page.locator('.webchat__bubble').first().waitFor({ timeout: 20_000 });
    await type('Gap');
    await press(label('fa', 'main.menu', 'rights'));
    await press(label('fa', 'rights.start', 'permit'));
    await press(label('fa', 'rights.need', 'renew-when'));
    await press(label('fa', 'rights.renew-title', 'yes'));
    // The page offers a date field while the bot asks for the date; typing works too.
    await page.locator('#date-field').waitFor({ state: 'visible', timeout: 15_000 });
    await type(persian(expiry.split('-').reverse().join('/')));
    const cardButton = page.locator('.webchat__bubble button', { hasText: t('fa', 'common.card.button') }).last();
    await cardButton.waitFor({ timeout: 15_000 });
    expect(await page.locator('#date-field').isVisible()).toBe(false);
    await screenshot(page, 'carry-1-dari-renewal-answer');
    const [card] = await Promise.all([browser.context.waitForEvent('page'), cardButton.click()]);
    await card.locator('.contact').first().waitFor({ timeout: 15_000 });
    expect(new URL(card.url()).pathname).toBe('/carte');
    await card.check('#interpreter');
    const columns = await card.$$eval('.pair > section', (s) =>
      s.map((x) => [x.getAttribute('lang'), x.getAttribute('dir')]),
    );
    expect(columns).toEqual([
      ['fr', 'ltr'],
      ['fa', 'rtl'],
    ]);
    expect(await card.locator('.pair section[lang="fa"]').innerText()).toContain(
      t('fa', 'common.intent.rights.renew-when'),
    );
    expect(await card.locator('.interpreter').count()).toBe(2);
    const contacts = await card.locator('.contact').count();
    expect(contacts).toBeGreaterThan(0);
    expect(await card.locator('.contact .qr svg').count()).toBe(contacts);
    await screenshot(card, 'carry-2-card-dari');
    await card.emulateMedia({ media: 'print' });
    await screenshot(card, 'carry-3-card-dari-print');
    expect(pdfPages(await card.pdf({ preferCSSPageSize: true }))).toBe(1);
    await card.emulateMedia({ media: 'screen' });
    // Saved as an image on the phone: a PNG of the whole card, drawn with its fonts and QR codes.
    const [download] = await Promise.all([card.waitForEvent('download'), card.click('#image')]);
    expect(download.suggestedFilename()).toBe(`${t('fa', 'web.card.title')}.png`);
    const png = readFileSync(await download.path());
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(700); // 360 px wide at twice the density
    const view = await browser.context.newPage();
    await view.setContent(`<img style="width:360px" src="data:image/png;base64,${png.toString('base64')}">`);
    await screenshot(view, 'carry-3b-card-dari-image');
    await view.close();
    await card.click('#keep');
    expect(await card.evaluate(() => JSON.parse(localStorage.getItem('passerelle.contacts') ?? '[]').length)).toBe(
      contacts,
    );
    await card.close();
  }, 90_000);

  it('prints a Tigrinya card in Ethiopic script on one page', async () => {
    const ids = (await (await fetch(`${server.url}/api/directory/search?theme=language.french-course&limit=2`)).json())
      .results as { id: string }[];
    const payload = Buffer.from(JSON.stringify({ n: 'training.classes', l: 'ti', e: ids.map((e) => e.id) })).toString(
      'base64url',
    );
    const card = await browser.context.newPage();
    await card.goto(`${server.url}/carte#${payload}`);
    await card.locator('.contact').first().waitFor({ timeout: 15_000 });
    await card.emulateMedia({ media: 'print' });
    expect(await card.evaluate(() => document.fonts.check('16px "Noto Sans Ethiopic"', 'ትግርኛ'))).toBe(true);
    expect(await card.locator('.pair section[lang="ti"] h1').innerText()).toBe(t('ti', 'web.card.title'));
    expect(await card.locator('.pair section[lang="ti"] dd').last().innerText()).toBe(t('ti', 'web.language.ti'));
    await screenshot(card, 'carry-4-card-tigrinya-print');
    expect(pdfPages(await card.pdf({ preferCSSPageSize: true }))).toBe(1);
    await card.close();
  });

  it('downloads the calendar file for a permit expiring in five months, with its two alarms', async () => {
    await page.evaluate(() => {
      const opened: string[] = [];
      Object.assign(window, { opened, open: (url: string) => (opened.push(String(url)), null) });
    });
    await page
      .locator('.webchat__bubble button', { hasText: t('fa', 'rights.renew-calendar') })
      .last()
      .click();
    const url = await page.evaluate(() => (window as unknown as { opened: string[] }).opened[0]);
    expect(url).toBe(`${server.url}/api/renewal.ics?expiry=${expiry}&kind=anef&lng=fa`);
    const ics = await page.evaluate((u) => fetch(u).then((r) => r.text()), url);
    const w = renewalWindow(expiry, 'anef');
    const compact = (day: string) => day.replaceAll('-', '');
    expect([...ics.matchAll(/TRIGGER;VALUE=DATE-TIME:(\S+)/g)].map((m) => m[1])).toEqual([
      `${compact(w.opens)}T080000Z`,
      `${compact(w.remind)}T080000Z`,
    ]);
    expect(ics).toContain(`DTSTART;VALUE=DATE:${compact(w.opens)}`);

    // Another date, picked in the page's date field this time.
    await press(label('fa', 'rights.renew-more', 'date'));
    await page.locator('#date-field').waitFor({ state: 'visible', timeout: 15_000 });
    const later = `${Number(expiry.slice(0, 4)) + 1}${expiry.slice(4)}`;
    await page.fill('#date-input', later);
    await page.click('#date-field button');
    const second = page.locator('.webchat__bubble button', { hasText: t('fa', 'rights.renew-calendar') }).nth(1);
    await second.waitFor({ timeout: 15_000 });
    await second.click();
    expect(await page.evaluate(() => (window as unknown as { opened: string[] }).opened[1])).toBe(
      `${server.url}/api/renewal.ics?expiry=${later}&kind=anef&lng=fa`,
    );
  }, 60_000);

  it('offline, the directory page, the emergency numbers and the kept contacts still open', async () => {
    await page.goto(`${server.url}/annuaire`);
    await page.locator('.entry').first().waitFor({ timeout: 15_000 });
    // The service worker has kept its copy once /urgences is in the cache.
    await expect
      .poll(
        () => page.evaluate(async () => !!(await caches.match('/urgences')) && !!navigator.serviceWorker.controller),
        {
          timeout: 30_000,
        },
      )
      .toBe(true);
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: true,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await browser.context.setOffline(true);
    await page.goto(`${server.url}/annuaire`);
    await page.locator('.entry').first().waitFor({ timeout: 15_000 });
    expect(await page.locator('#copy-date').isVisible()).toBe(true);
    await screenshot(page, 'carry-5-offline-directory');
    // A search offline looks in the whole copy (every page of it), not only in the list first shown.
    const ui = await page.evaluate(() => document.documentElement.lang);
    const copy = (await (await fetch(`${server.url}/api/directory/search?lang=${ui}&limit=100`)).json()) as {
      results: { id: string; name: string }[];
    };
    const last = copy.results[copy.results.length - 1];
    await page.locator('#search [name=q]').fill(last.name.toLocaleUpperCase('fr'));
    await page.locator('#search [name=q]').press('Enter');
    await expect.poll(() => page.locator('#count').innerText()).toContain(t(ui, 'web.dir.offline.search'));
    await page.locator(`article.entry[data-id="${last.id}"]`).waitFor({ timeout: 5_000 });
    await page.locator('#search [name=q]').fill('zzzz-nothing');
    await page.locator('#search [name=q]').press('Enter');
    await expect.poll(() => page.locator('article.entry').count()).toBe(0);
    await screenshot(page, 'carry-5b-offline-search');

    await page.goto(`${server.url}/urgences`);
    await page.locator('#emergency a[href^="tel:"]').first().waitFor();
    expect(await page.locator('#emergency a[href^="tel:"]').count()).toBeGreaterThanOrEqual(5);
    // Offline too, each number says in Dari what it is for; the service's French name follows.
    await expect
      .poll(() => page.locator('#emergency a[href="tel:15"]').innerText())
      .toBe(t('fa', 'common.emergency.button.15').replace('{{number}}', '15'));
    expect(await page.locator('#emergency a[href="tel:15"] bdi').innerText()).toBe('15');
    await page.locator('#saved li').first().waitFor({ timeout: 10_000 });
    expect(await page.locator('#copy-date').isVisible()).toBe(true);
    await screenshot(page, 'carry-6-offline-emergency');

    await page.goto(`${server.url}/`);
    await page.locator('#offline').waitFor({ state: 'visible', timeout: 15_000 });
    expect(await page.locator('#offline .offline-note').innerText()).toBe(t('fa', 'web.offline.chat'));
    await page.locator('#saved li').first().waitFor({ timeout: 10_000 });
    expect(await page.locator('#emergency a[href^="tel:"]').count()).toBeGreaterThanOrEqual(5);
    await screenshot(page, 'carry-7-offline-chat');

    // The quick exit erases what the phone keeps: kept contacts and offline copies.
    await page.click('#exit');
    await browser.context.setOffline(false);
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    // The quick exit navigates by itself (location.replace): ours may interrupt it, or it ours.
    for (let tries = 0; ; tries++) {
      const arrived = await page.goto(`${server.url}/exit`).then(
        () => true,
        (err: Error) => (tries < 3 && /ERR_ABORTED|interrupted/.test(err.message) ? false : Promise.reject(err)),
      );
      if (arrived) break;
      await page.waitForTimeout(200);
    }
    expect(await page.evaluate(() => localStorage.getItem('passerelle.contacts'))).toBeNull();
    expect(await page.evaluate(async () => !!(await caches.match('/annuaire')))).toBe(false);
    expect(serious()).toEqual([]);
  }, 90_000);
});
