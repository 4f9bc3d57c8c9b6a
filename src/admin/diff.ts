/** One changed leaf, by dotted path ("phones.0.number"). */
export interface Change {
  field: string;
  before?: unknown;
  after?: unknown;
}

function flatten(value: unknown, prefix: string, out: Map<string, unknown>): Map<string, unknown> {
  if (value !== null && typeof value === 'object') {
    const keys = Array.isArray(value) ? value.map((_, i) => String(i)) : Object.keys(value);
    if (!keys.length) out.set(prefix, value);
    for (const key of keys) flatten((value as Record<string, unknown>)[key], prefix ? `${prefix}.${key}` : key, out);
  } else if (value !== undefined) out.set(prefix, value);
  return out;
}

/** Field-by-field differences between two snapshots; fields listed in `ignore` are skipped. */
export function diffEntries(before: unknown, after: unknown, ignore: string[] = ['version', 'updatedAt']): Change[] {
  const a = flatten(before ?? {}, '', new Map());
  const b = flatten(after ?? {}, '', new Map());
  const changes: Change[] = [];
  for (const field of new Set([...a.keys(), ...b.keys()])) {
    if (ignore.includes(field.split('.')[0])) continue;
    const x = a.get(field);
    const y = b.get(field);
    if (JSON.stringify(x) === JSON.stringify(y)) continue;
    changes.push({ field, ...(x === undefined ? {} : { before: x }), ...(y === undefined ? {} : { after: y }) });
  }
  return changes.sort((p, q) => p.field.localeCompare(q.field));
}
