/** A growable list of integers, without the cost of a JS array of millions of numbers. */
export class IntList {
  private array: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.array = new Int32Array(Math.max(16, capacity));
  }
  push(value: number): void {
    if (this.length === this.array.length) {
      const bigger = new Int32Array(this.array.length * 2);
      bigger.set(this.array);
      this.array = bigger;
    }
    this.array[this.length++] = value;
  }
  values(): Int32Array {
    return this.array.subarray(0, this.length);
  }
}
