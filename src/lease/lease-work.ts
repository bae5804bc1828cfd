import { concat, Observable, Subscription } from 'rxjs';
import type { NativeValue } from '../marshall/types.js';
import type { LeaseGrant } from './lease-grant.js';

/** How the items of one leased unit (a segment's pages, a shard's batches) are delivered and checkpointed. @internal */
export interface LeaseWork<S, R> {
  /** The unit's items, read from the grant's checkpoint on; complete once the unit was read to its end. */
  readonly source: Observable<S>;
  /** Delivers one item: its values are emitted; it is checkpointed once this completes. */
  readonly deliver: (item: S) => Observable<R>;
  /** Where the unit stands after an item. */
  readonly checkpointOf: (item: S) => NativeValue | undefined;
  /** Whether an item is the unit's last: its checkpoint then marks the unit done, in one write. */
  readonly isLast?: ((item: S) => boolean) | undefined;
  /** Called once an item was delivered and checkpointed (to give its read-ahead credit back). */
  readonly settled?: ((item: S) => void) | undefined;
}

/**
 * Works through one leased unit: each item, in order, is checked to be still leased, delivered, then
 * checkpointed, and only then is the next one delivered; so at most one delivered item is not
 * checkpointed at any time (what another worker may deliver again after a takeover). When `source`
 * completes, the unit is marked done (by its last item's checkpoint, or by a write of its own). Ends at
 * once when the lease ends (lost, or done); asked back (balancing), it hands the lease back at the next
 * clean point: no item being delivered or checkpointed. Unsubscribed while the lease is held, it hands
 * it back too. @internal
 */
export function workOnLease<S, R>(grant: LeaseGrant, work: LeaseWork<S, R>): Observable<R> {
  const { source, deliver, checkpointOf, isLast = () => false, settled } = work;
  return new Observable<R>((subscriber) => {
    const waiting: S[] = [];
    let busy = false;
    let sourceDone = false;
    let checkpoint = grant.checkpoint;
    const current = new Subscription();

    /** Delivers and checkpoints the next item, or marks the unit done, or hands the lease back, if idle. */
    const advance = (): void => {
      if (busy || subscriber.closed) return;
      if (grant.handBackWanted) {
        grant.handBack();
        return;
      }
      if (waiting.length === 0) {
        if (sourceDone) run(grant.save(checkpoint, true));
        return;
      }
      const item = waiting.shift()!;
      if (!grant.holds()) {
        grant.lose();
        return;
      }
      checkpoint = checkpointOf(item);
      run(concat(deliver(item), grant.save(checkpoint, isLast(item))), () => settled?.(item));
    };

    const run = (step: Observable<R>, after?: () => void): void => {
      busy = true;
      current.add(
        step.subscribe({
          next: (value) => subscriber.next(value),
          error: (error: unknown) => subscriber.error(error),
          complete: () => {
            busy = false;
            after?.();
            advance();
          },
        }),
      );
    };

    subscriber.add(grant.ended.subscribe(() => subscriber.complete()));
    subscriber.add(current);
    subscriber.add(grant.handBackRequests.subscribe(advance));
    subscriber.add(
      source.subscribe({
        next: (item) => {
          waiting.push(item);
          advance();
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          sourceDone = true;
          advance();
        },
      }),
    );
    // Unsubscribed, failed or finished: hand back a lease still held (nothing to do once it ended).
    subscriber.add(() => grant.handBack());
  });
}
