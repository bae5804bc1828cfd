import { TestScheduler } from 'rxjs/testing';
import { expect } from 'vitest';

/** A fresh RxJS TestScheduler that compares with vitest's deep equality: run each marble test in its `run`. */
export function marbleScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}
