// A FIFO on a growable ring buffer: push and shift in O(1) (Array.shift moves every element),
// indexed reads from the oldest. Pure; used by the data-edge receivers (strategies, push inputs).
export class Fifo<T> {
  private buf: (T | undefined)[];
  private head = 0;
  private n = 0;

  constructor(capacity = 8) {
    this.buf = new Array<T | undefined>(Math.max(2, capacity));
  }

  get length(): number {
    return this.n;
  }

  push(value: T): void {
    if (this.n === this.buf.length) this.grow();
    this.buf[(this.head + this.n) % this.buf.length] = value;
    this.n++;
  }

  /** The oldest value, removed; undefined when empty. */
  shift(): T | undefined {
    if (this.n === 0) return undefined;
    const v = this.buf[this.head];
    this.buf[this.head] = undefined;
    this.head = (this.head + 1) % this.buf.length;
    this.n--;
    return v;
  }

  /** The i-th oldest (0 = oldest); undefined outside 0..length-1. */
  at(i: number): T | undefined {
    if (i < 0 || i >= this.n) return undefined;
    return this.buf[(this.head + i) % this.buf.length];
  }

  /** Drops the `k` oldest. */
  dropFront(k: number): void {
    for (let i = Math.min(k, this.n); i > 0; i--) this.shift();
  }

  clear(): void {
    this.buf.fill(undefined);
    this.head = 0;
    this.n = 0;
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = 0; i < this.n; i++) yield this.buf[(this.head + i) % this.buf.length] as T;
  }

  private grow(): void {
    const next = new Array<T | undefined>(this.buf.length * 2);
    for (let i = 0; i < this.n; i++) next[i] = this.buf[(this.head + i) % this.buf.length];
    this.buf = next;
    this.head = 0;
  }
}
