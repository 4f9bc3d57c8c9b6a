// Offline, the directory page searches the last copy of the public directory that the service worker
// kept (every public entry, in the page's language; see sw.js). Words are looked for in the names,
// summaries, themes and towns; the theme, language and commune filters apply. It is simpler than the
// server's search (no spelling tolerance, no "open now", no nearest first), and the page says so.

/** Accent- and case-insensitive words. */
const fold = (s) =>
  String(s ?? '')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** Every public entry of the copy, page after page (the copy is kept 100 entries a page). */
export async function copiedEntries(lang) {
  const entries = [];
  for (let offset = 0; ; offset += 100) {
    const res = await fetch(
      `/api/directory/search?lang=${encodeURIComponent(lang)}&limit=100${offset ? `&offset=${offset}` : ''}`,
    );
    if (!res.ok) throw new Error(`no copy (${res.status})`);
    const page = await res.json();
    entries.push(...page.results);
    if (!page.results.length || entries.length >= page.total) return entries;
  }
}

/** Whether an entry serves a commune: national, the region or the département (one per deployment), or its arrondissement or commune. */
function serves(entry, commune) {
  const { level, codes = [] } = entry.area ?? {};
  if (level === 'national' || level === 'region' || level === 'departement') return true;
  if (level === 'arrondissement') return codes.includes(commune.arrondissement);
  if (level === 'commune') return codes.includes(commune.code);
  return false;
}

/** The search of the page's query (URLSearchParams) in the copy: { total, results }. */
export async function searchCopy(query, communes) {
  const entries = await copiedEntries(query.get('lang') ?? 'fr');
  const words = fold(query.get('q')).split(' ').filter(Boolean);
  const theme = query.get('theme');
  const language = query.get('languages');
  const commune = communes.find((c) => c.code === query.get('commune'));
  const results = entries.filter((e) => {
    if (theme && !e.themes.some((x) => x.id === theme || x.id.startsWith(`${theme}.`))) return false;
    if (language && !(e.languagesSpoken ?? []).some((l) => l.code === language)) return false;
    if (commune && !serves(e, commune)) return false;
    if (!words.length) return true;
    const text = fold(
      [e.name, e.summary?.text, e.address?.town, ...e.themes.map((x) => x.label), ...e.themes.map((x) => x.id)].join(
        ' ',
      ),
    );
    return words.every((w) => text.includes(w));
  });
  return { total: results.length, results };
}
