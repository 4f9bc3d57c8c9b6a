import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryStorage } from 'botbuilder';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, browserAvailable, openBrowser, screenshot, type PhoneBrowser } from './helpers/browser.js';
import { activity, postActivity, startServer, type TestServer } from './harness/index.js';

const PASSWORD = 'Browser-Test-42-pass';
const available = browserAvailable('browser-insights');
/** The dashboard's sheets, each printed on one A4 page. */
const SHEETS = ['overview', 'needs', 'people', 'gaps', 'entries', 'reports'];

/** A day of use, in small: conversations that reach contacts in Gap, and searches of the /annuaire page. */
async function dayOfUse(server: TestServer): Promise<void> {
  for (let c = 0; c < 6; c++)
    for (const text of ['bonjour', 'Gap', 'Santé', '3', '2', '2']) {
      const res = await postActivity(server.url, activity(`insights-day-${c}`, text, { locale: 'fr-FR' }));
      expect(res.status).toBe(200);
    }
  for (let i = 0; i < 7; i++) {
    const res = await fetch(
      `${server.url}/api/directory/search?theme=housing&commune=Briancon&languages=ar&source=annuaire`,
    );
    expect(res.status).toBe(200);
  }
  const res = await fetch(`${server.url}/api/directory/search?theme=basic.clothing&commune=Embrun&source=annuaire`);
  expect(res.status).toBe(200);
}

describe.skipIf(!available)('insights dashboard in headless Chromium', () => {
  let server: TestServer;
  let browser: PhoneBrowser;
  let page: Page;

  beforeAll(async () => {
    server = await startServer({
      storage: new MemoryStorage(),
      accounts: [
        { email: 'committee@example.org', role: 'observer', name: 'Comité', password: PASSWORD },
        { email: 'editor@example.org', role: 'editor', name: 'Eddie', organizations: ['APPASE'], password: PASSWORD },
      ],
    });
    await dayOfUse(server);
    browser = await openBrowser({ width: 1280, height: 900 }, 'fr-FR');
    page = browser.page;
    page.setDefaultTimeout(15_000);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signIn(email: string): Promise<void> {
    await page.goto(`${server.url}/admin`);
    await page.fill('#login-email', email);
    await page.fill('#login-password', PASSWORD);
    await page.click('#login-form button[type=submit]');
  }

  it('an observer signs in and sees the tables and charts, small counts hidden, on one A4 page per sheet', async () => {
    await signIn('committee@example.org');
    await page.waitForSelector('#insights[aria-busy=false]:not([hidden]) #insights-table-needs tbody tr');
    expect(page.url()).toMatch(/#\/insights$/);
    // Observers have the dashboard only.
    expect(await page.isVisible('a[href="#/insights"]')).toBe(true);
    for (const view of ['entries', 'review', 'transfer'])
      expect(await page.isVisible(`a[href="#/${view}"]`)).toBe(false);

    const needs = await page.$$eval('#insights-table-needs tbody tr', (rows) =>
      rows.map((tr) => [...(tr as HTMLTableRowElement).cells].map((c) => c.textContent)),
    );
    // Theme, step, six months (the current one last), total of shown cells.
    expect(needs.find((row) => row[1] === 'annuaire.housing')?.slice(-2)).toEqual(['7', '7']);
    expect(needs.find((row) => row[1] === 'annuaire.basic.clothing')?.slice(-2)).toEqual(['< 5', '0']);
    expect(await page.textContent('#insights-table-languages')).toMatch(/arabe/);
    expect(await page.textContent('#insights-table-areas')).toMatch(/Briançon/);
    expect(await page.textContent('#insights-table-entries-shown')).toContain("PASS de l'hôpital de Gap");
    expect(await page.textContent('#insights-note')).toContain('< 5');
    for (const sheet of SHEETS) expect(await page.locator(`#insights-${sheet} table`).count()).toBeGreaterThan(0);

    // Every chart has a table beside it, and Chart.js (served from this server) drew it.
    const charts = page.locator('.block.with-chart');
    expect(await charts.count()).toBeGreaterThanOrEqual(5);
    for (const block of await charts.all()) {
      expect(await block.locator('canvas[role=img][aria-label]').count()).toBe(1);
      expect(await block.locator('table caption').count()).toBe(1);
    }
    expect(await page.evaluate(() => typeof (window as { Chart?: unknown }).Chart)).toBe('function');
    const drawn = await page.evaluate(() =>
      [...document.querySelectorAll('canvas')].map((c) => c.width > 0 && !!(window as any).Chart.getChart(c)),
    );
    expect(drawn.every(Boolean)).toBe(true);
    await screenshot(page, 'insights-1-dashboard');

    // The CSV of a table is one click away, with the same suppression.
    const csv = await page.evaluate(async () =>
      (
        await fetch(
          document.querySelector<HTMLAnchorElement>('.table-side:has(#insights-table-needs) a[download]')!.href,
        )
      ).text(),
    );
    expect(csv).toContain('annuaire,annuaire.basic.clothing,0');

    await page.emulateMedia({ media: 'print' });
    expect(await page.isVisible('header.top')).toBe(false);
    await screenshot(page, 'insights-2-print');
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
    writeFileSync(join(ARTIFACTS, 'insights-3-print.pdf'), pdf);
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
    expect(pages).toHaveLength(SHEETS.length);
    await page.emulateMedia({ media: 'screen' });

    const problems = browser.problems.filter(
      (p) => !p.includes('/api/admin/me') && !p.includes('Failed to load resource'),
    );
    expect(problems).toEqual([]);
  });

  it('an editor has no dashboard, and the server refuses it the insights', async () => {
    await page.context().clearCookies();
    await signIn('editor@example.org');
    await page.waitForSelector('#entries:not([hidden])');
    expect(await page.isVisible('a[href="#/insights"]')).toBe(false);
    await page.goto(`${server.url}/admin#/insights`);
    await page.waitForSelector('#entries:not([hidden])');
    expect(await page.evaluate(async () => (await fetch('/api/admin/insights')).status)).toBe(403);
  });
});
