/** A FIFO queue with O(1) `shift`, for queues that may hold millions of entries. @internal */
export class Queue<T> {
  #items: (T | undefined)[] = [];
  #head = 0;

  /** Entries in the queue. */
  get length(): number {
    return this.#items.length - this.#head;
  }

  /** Adds `item` at the back. */
  push(item: T): void {
    this.#items.push(item);
  }

  /** The front entry, left in place. */
  peek(): T | undefined {
    return this.#items[this.#head];
  }

  /** Removes and returns the front entry (dropping the queue's reference to it); compacts now and then. */
  shift(): T | undefined {
    if (this.#head === this.#items.length) return undefined;
    const item = this.#items[this.#head];
    this.#items[this.#head++] = undefined;
    if (this.#head >= 1024 && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }
}
