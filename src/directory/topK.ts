/**
 * The k best of a stream of entries, best first: highest score, then lowest tie rank (name order).
 * A bounded heap keeps the worst kept entry at its root, so each offer costs O(log k) at most and
 * usually one comparison: a query needs 10 hits, not a sort of the thousands that match. The order
 * is total (tie ranks are distinct), so the result is exactly the first k of a full sort.
 */
export class TopK {
  private readonly items: Int32Array;
  private readonly scores: Float64Array;
  private readonly ties: Int32Array;
  private size = 0;

  /** `capacity`: at most how many entries will be offered (the heap never needs more room). */
  constructor(k: number, capacity: number) {
    const room = Math.max(0, Math.min(k, capacity));
    this.items = new Int32Array(room);
    this.scores = new Float64Array(room);
    this.ties = new Int32Array(room);
  }

  offer(item: number, score: number, tie: number): void {
    if (this.size < this.items.length) {
      this.set(this.size, item, score, tie);
      this.siftUp(this.size++);
    } else if (this.size && this.worse(0, score, tie)) {
      this.set(0, item, score, tie);
      this.siftDown(0, this.size);
    }
  }

  /** Whether an entry scoring at most `score` would be turned away (it ranks after all k kept). */
  rejects(score: number): boolean {
    return this.size === this.items.length && score < this.scores[0];
  }

  /** The kept entries and their scores, best first; the heap is emptied. */
  drain(): { items: Int32Array; scores: Float64Array } {
    // Heap sort in place: the worst kept entry goes to the end, then the next worst before it.
    for (let end = this.size - 1; end > 0; end--) {
      this.swap(0, end);
      this.siftDown(0, end);
    }
    const result = { items: this.items.slice(0, this.size), scores: this.scores.slice(0, this.size) };
    this.size = 0;
    return result;
  }

  /** Whether the kept entry at `slot` ranks after an entry of this score and tie rank. */
  private worse(slot: number, score: number, tie: number): boolean {
    const kept = this.scores[slot];
    return kept < score || (kept === score && this.ties[slot] > tie);
  }

  private siftUp(slot: number): void {
    while (slot > 0) {
      const parent = (slot - 1) >> 1;
      if (!this.worse(slot, this.scores[parent], this.ties[parent])) return;
      this.swap(slot, parent);
      slot = parent;
    }
  }

  private siftDown(slot: number, size: number): void {
    for (;;) {
      let worst = slot;
      const left = 2 * slot + 1;
      if (left < size && this.worse(left, this.scores[worst], this.ties[worst])) worst = left;
      if (left + 1 < size && this.worse(left + 1, this.scores[worst], this.ties[worst])) worst = left + 1;
      if (worst === slot) return;
      this.swap(slot, worst);
      slot = worst;
    }
  }

  private set(slot: number, item: number, score: number, tie: number): void {
    this.items[slot] = item;
    this.scores[slot] = score;
    this.ties[slot] = tie;
  }

  private swap(a: number, b: number): void {
    const item = this.items[a];
    const score = this.scores[a];
    const tie = this.ties[a];
    this.set(a, this.items[b], this.scores[b], this.ties[b]);
    this.set(b, item, score, tie);
  }
}
