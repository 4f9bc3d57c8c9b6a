import type { Entry } from './schema.js';

/** Each entry's position in French name order; entries of the same name keep their order. */
export function nameOrder(entries: readonly Entry[]): Int32Array {
  const { compare } = new Intl.Collator('fr');
  const names = entries.map((e) => e.name);
  const order = names.map((_, i) => i).sort((a, b) => compare(names[a], names[b]));
  const rank = new Int32Array(entries.length);
  order.forEach((i, r) => (rank[i] = r));
  return rank;
}
