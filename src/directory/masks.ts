/** A mask of entries: 1 at the position of each entry that has the property. */
export type Mask = Uint8Array;

/** Masks of entries by key (a theme, a language, an audience); a key no entry has gets an empty mask. */
export class Masks {
  private readonly byKey = new Map<string, Mask>();
  private readonly none: Mask;

  constructor(private readonly size: number) {
    this.none = new Uint8Array(size);
  }

  mark(key: string, i: number): void {
    let mask = this.byKey.get(key);
    if (!mask) this.byKey.set(key, (mask = new Uint8Array(this.size)));
    mask[i] = 1;
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  get(key: string): Mask {
    return this.byKey.get(key) ?? this.none;
  }

  /** Adds the entries of one key to every other. */
  addToAll(key: string): void {
    const added = this.get(key);
    for (const mask of this.byKey.values()) for (let i = 0; i < this.size; i++) mask[i] |= added[i];
  }
}
