/** Key names that reach an object's prototype instead of a field: refused in every admin input. */
export const DANGEROUS_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The dotted paths of `value` that use a dangerous key, at any depth (JSON.parse keeps "__proto__"
 * as an own key, which a later merge or copy could turn into a write to Object.prototype).
 */
export function dangerousPaths(value: unknown, path = '', found: string[] = []): string[] {
  if (!value || typeof value !== 'object') return found;
  for (const key of Object.keys(value)) {
    const here = path ? `${path}.${key}` : key;
    if (DANGEROUS_KEYS.has(key)) found.push(here);
    else dangerousPaths((value as Record<string, unknown>)[key], here, found);
  }
  return found;
}
