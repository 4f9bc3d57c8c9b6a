import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ROOT } from '../harness/paths.js';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = join(ROOT, 'test-artifacts');
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Whether browser suites can run. Without chromium a developer machine skips them with a visible
 * notice; on CI (CI=true) a missing browser is an error, so the suite fails instead.
 */
export function browserAvailable(suite: string): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI === 'true')
    throw new Error(`${suite}: ${CHROMIUM} is missing and CI=true; install Debian's chromium`);
  console.warn(`\n⚠️  ${suite} SKIPPED: ${CHROMIUM} not found (apt-get install -y chromium)\n`);
  return false;
}

export interface PhoneBrowser {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Console errors and failed requests seen so far (CSP violations show up here). */
  problems: string[];
  close(): Promise<void>;
}

/** Headless Chromium with a fresh profile and one page, phone-sized by default (360×740). */
export async function openBrowser(viewport = { width: 360, height: 740 }, locale = 'fr-FR'): Promise<PhoneBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'passerelle-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: FLAGS,
    headless: true,
    viewport,
    locale,
    hasTouch: viewport.width < 600,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  context.on('page', (p) => watch(p, problems));
  watch(page, problems);
  return {
    browser: context.browser()!,
    context,
    page,
    problems,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

function watch(page: Page, problems: string[]): void {
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`http ${r.status()}: ${r.url()}`));
  page.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
}

/** Saves a screenshot (full page unless told otherwise) under test-artifacts/ (git-ignored) and returns its path. */
export async function screenshot(page: Page, name: string, { fullPage = true } = {}): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}
