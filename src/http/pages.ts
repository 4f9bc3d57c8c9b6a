import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import type { Request, Response, Server } from 'restify';
import type { Catalog } from '../i18n/catalog.js';
import { sendError } from './errors.js';
import { registerCarryPages, type CarryDeps } from './carryPages.js';
import { fileHandler, isServable } from './staticFiles.js';
import { LOCALES } from '../common/locales.js';
import { partialDateModule } from '../common/partialDate.js';
import { languageStatuses, type LanguageStatus } from '../i18n/status.js';

const DAY = 86_400;
const FONT_PACKAGES = ['@fontsource/noto-sans', '@fontsource/noto-sans-arabic', '@fontsource/noto-sans-ethiopic'];

/** The folder of an installed package (its `exports` hide package.json, so walk up from its entry). */
function packageDir(name: string): string {
  const entry = createRequire(import.meta.url).resolve(name);
  const marker = `${sep}node_modules${sep}${name.split('/').join(sep)}${sep}`;
  return entry.slice(0, entry.lastIndexOf(marker) + marker.length - 1);
}

/** The web.* texts of a language, French filling what it lacks; undefined for an unknown language. */
function webTexts(catalog: Catalog, lng: string): Record<string, string> | undefined {
  const { texts } = catalog;
  if (!(LOCALES as readonly string[]).includes(lng)) return undefined;
  // The pages' texts, and what each emergency number is for (the emergency lists of the pages).
  const pick = (all: Record<string, string> = {}) =>
    Object.fromEntries(
      Object.entries(all).filter(([k]) => k.startsWith('web.') || k.startsWith('common.emergency.button.')),
    );
  return { ...pick(texts.fr), ...pick(texts[lng]) };
}

export interface PageDeps {
  publicDir: string;
  catalog: Catalog;
  /** Where the chat's quick exit sends the person (QUICK_EXIT_URL). */
  quickExitUrl: string;
}

/**
 * Static pages: newcomers' web chat at /, social workers' directory at /annuaire (issue 6).
 * Returns what to prepare before serving: Web Chat's bundle, compressed once.
 */
/** The Noto fonts the pages' fonts.css names, from their npm packages: no third-party call. */
function registerFonts(server: Server, publicDir: string): void {
  const wanted = new Set(
    [...readFileSync(join(publicDir, 'fonts.css'), 'utf8').matchAll(/\/static\/fonts\/([\w.-]+\.woff2)/g)].map(
      (m) => m[1],
    ),
  );
  const fonts = new Map<string, ReturnType<typeof fileHandler>>();
  for (const pkg of FONT_PACKAGES) {
    const dir = join(packageDir(pkg), 'files');
    for (const f of readdirSync(dir)) if (wanted.has(f)) fonts.set(f, fileHandler(join(dir, f), 30 * DAY));
  }
  server.get('/static/fonts/:file', async (req: Request, res: Response) => {
    const handler = fonts.get(String(req.params.file));
    return handler ? handler(req, res) : sendError(res, 404, 'not-found', 'no such font');
  });
}

export function registerPages(
  server: Server,
  { publicDir, catalog, quickExitUrl, ...carry }: PageDeps & Partial<CarryDeps>,
): () => Promise<void> {
  // The chat's page (/) is built with the emergency numbers in it: registered there.
  registerCarryPages(server, { publicDir, catalog, now: Date.now, needs: new Map(), emergency: () => [], ...carry });
  const page = (file: string) => fileHandler(join(publicDir, file), 0);
  server.get('/annuaire', page('annuaire.html'));
  server.get('/annuaire/fiche', page('sheet.html'));
  server.get('/exit', page('exit.html'));

  // Only files present at start-up are served: no path from the URL ever reaches the file system.
  const assets = new Map(
    readdirSync(publicDir)
      .filter(isServable)
      .map((f) => [f, fileHandler(join(publicDir, f), 3600)]),
  );
  // The date formatter of the chat, as a browser module (no second implementation to keep alike).
  const partialDate = Buffer.from(partialDateModule(catalog.locales.map((l) => catalog.meta[l]?.tag ?? l)));
  server.get('/static/partialDate.js', async (_req: Request, res: Response) => {
    res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.sendRaw(200, partialDate);
  });
  server.get('/static/:file', async (req: Request, res: Response) => {
    const handler = assets.get(String(req.params.file));
    return handler ? handler(req, res) : sendError(res, 404, 'not-found', 'no such file');
  });

  const webchat = fileHandler(
    join(dirname(createRequire(import.meta.url).resolve('botframework-webchat')), '..', 'dist', 'webchat.js'),
    DAY,
  );
  server.get('/static/vendor/webchat.js', webchat);
  // Chart.js's UMD build (window.Chart), for the insights dashboard of /admin: no CDN, no bundler.
  server.get('/static/vendor/chart.js', fileHandler(join(packageDir('chart.js'), 'dist', 'chart.umd.min.js'), DAY));

  registerFonts(server, publicDir);

  // What the pages need of the configuration: nothing secret.
  server.get('/api/web/settings', async (_req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.json({ quickExitUrl });
  });
  // Derived again only after a translator's edit (every string's fingerprints are compared).
  let status: { revision: number; languages: LanguageStatus[] } | undefined;
  server.get('/api/i18n/status', async (_req: Request, res: Response) => {
    if (status?.revision !== catalog.revision)
      status = { revision: catalog.revision, languages: languageStatuses(catalog) };
    res.setHeader('Cache-Control', 'no-cache');
    res.json({ languages: status.languages });
  });
  // Picked from the catalogue once per language and translators' revision, not at every page load.
  const picked = new Map<string, { revision: number; texts: Record<string, string> | undefined }>();
  server.get('/api/i18n/:lng/web', async (req: Request, res: Response) => {
    const lng = String(req.params.lng);
    let kept = picked.get(lng);
    if (kept?.revision !== catalog.revision) {
      kept = { revision: catalog.revision, texts: webTexts(catalog, lng) };
      if (kept.texts) picked.set(lng, kept);
    }
    const { texts } = kept;
    if (!texts) return sendError(res, 404, 'unknown-language', 'no texts for this language', { supported: LOCALES });
    // Revalidated on each page load: a translator's edit shows at once.
    res.setHeader('Cache-Control', 'no-cache');
    res.json(texts);
  });
  return () => webchat.warm().catch(() => undefined);
}
