/**
 * Finds a repeat in a sequence of cursors in O(1) memory, with Brent's algorithm: it keeps one earlier
 * cursor and compares each new one to it, moving the kept one forward at each power of two. A sequence
 * that enters a cycle (A, B, A, B, ... or any longer loop) is caught within a small multiple of the
 * steps before the cycle plus its length; a sequence without repeats never is. Cursors are compared by
 * a canonical text (object keys in sorted order), so a server cannot dodge it by reordering a key's
 * attributes. @internal
 */
export class CycleDetector {
  #kept: string | undefined;
  #power = 1;
  #steps = 0;

  /** Starts from `first` (the cursor the sequence starts at), when there is one. */
  constructor(first?: unknown) {
    if (first !== undefined) this.#kept = canonicalText(first);
  }

  /** Takes the next cursor; true when it repeats an earlier one. */
  repeats(cursor: unknown): boolean {
    const text = canonicalText(cursor);
    if (text === this.#kept) return true;
    if (++this.#steps === this.#power) {
      this.#kept = text;
      this.#power *= 2;
      this.#steps = 0;
    }
    return false;
  }
}

/** JSON text with object keys sorted, so that equal values give equal text whatever their key order. @internal */
export function canonicalText(value: unknown): string {
  return JSON.stringify(value, (_key, entry: unknown) =>
    typeof entry === 'object' && entry !== null && !Array.isArray(entry)
      ? Object.fromEntries(Object.entries(entry).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : entry,
  );
}
