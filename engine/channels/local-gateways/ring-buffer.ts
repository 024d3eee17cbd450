/** Keeps the last `capacity` items in arrival order; older ones are dropped. */
export class RingBuffer<T> {
  private items: T[] = [];

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
  }

  push(item: T): void {
    this.items.push(item);
    if (this.items.length > this.capacity) this.items.splice(0, this.items.length - this.capacity);
  }

  /** A copy, oldest first. */
  toArray(): T[] {
    return [...this.items];
  }

  clear(): void {
    this.items = [];
  }
}
