/** A source's web site as people know it: its host name without "www." ("alpes1.com"). */
export function sourceSite(url: string): string {
  return URL.canParse(url) ? new URL(url).hostname.replace(/^www\./, '') : url;
}

/**
 * Whether a page is an official source: its host is one of the State's or a public body's domains
 * (configuration OFFICIAL_DOMAINS), or under one. A law firm's blog or a news site is not.
 */
export function isOfficialSource(url: string, domains: readonly string[]): boolean {
  const host = sourceSite(url).toLowerCase();
  return domains.some((d) => host === d || host.endsWith(`.${d}`));
}
