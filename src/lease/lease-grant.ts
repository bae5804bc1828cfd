import { Observable, ReplaySubject, Subject } from 'rxjs';
import { DynamoDBError } from '../errors/dynamodb-error.js';
import type { NativeValue } from '../marshall/types.js';
import type { LeaseStore, WriteOutcome } from './lease-store.js';
import type { LeaseEventType } from './types.js';

/** How a lease stops being held: lost to another worker or to time, handed back, or finished. @internal */
export type LeaseEnd = Exclude<LeaseEventType, 'gained'>;

/** What a grant needs of the worker that holds it. @internal */
export interface GrantHolder {
  readonly store: LeaseStore;
  /** Whether this worker's last heartbeat is recent enough to act on its leases. */
  heartbeatFresh(): boolean;
  /** Called once when the grant stops being held (after `wrote`, for the write that finished it). */
  ended(grant: LeaseGrant, end: LeaseEnd): void;
  /** Called when the write handing a lease back settled, landed or not. */
  returned(key: string): void;
  /** Called after each write of the grant's lease that landed, with the counter it left. */
  wrote(key: string, counter: number, change: { readonly owner?: undefined; readonly done?: boolean; readonly checkpoint?: NativeValue | undefined }): void;
  /** Called when a write failed for good with an error that is not about the lease (the table is gone, access denied). */
  failed(error: unknown): void;
}

type GrantState = 'held' | 'handingBack' | 'lost' | 'handedBack' | 'done';

/**
 * One lease this worker holds: the unit of work it stands for, where that work stands, and the writes
 * the holder makes while it works (checkpoints, handing back). Work on a unit goes: check `holds()`,
 * deliver, `save` the new checkpoint, repeat; stop at once when `ended` emits, and at the next clean
 * point when `handBackWanted` (then `handBack()`). @internal
 */
export class LeaseGrant {
  #state: GrantState = 'held';
  #counter: number;
  #writing = false;
  // Replayed: work that subscribes after the lease ended still learns it ended.
  readonly #ended = new ReplaySubject<LeaseEnd>(1);
  readonly #handBackRequests = new Subject<void>();
  readonly #holder: GrantHolder;

  /**
   * Emits once, and completes, when the lease stops being held: `lost` (stop delivering from it at
   * once), `handedBack` or `done`.
   */
  readonly ended: Observable<LeaseEnd> = this.#ended.asObservable();
  /** Emits when the worker asks the lease back (see `handBackWanted`): for work that waits, idle, to hand it back now. */
  readonly handBackRequests: Observable<void> = this.#handBackRequests.asObservable();

  constructor(
    holder: GrantHolder,
    /** The unit of work, e.g. `segment#7`. */
    readonly key: string,
    counter: number,
    /** Where the unit's work stood when the lease was taken; undefined: from its start. */
    readonly checkpoint: NativeValue | undefined,
    /** Whether a parent of the unit has a lease in the group: the group worked on it, and this unit's work follows on from it. */
    readonly parentLeased = false,
  ) {
    this.#holder = holder;
    this.#counter = counter;
  }

  /** The lease's counter after this worker's last write. */
  get counter(): number {
    return this.#counter;
  }

  /** Whether a write of this lease is in flight (a poll cannot tell who holds it meanwhile). */
  get writing(): boolean {
    return this.#writing;
  }

  /** Whether the worker still counts this lease among those it works on (held, not being handed back). */
  get active(): boolean {
    return this.#state === 'held';
  }

  /** Whether the worker wants it back (it holds more than its fair share): hand it back at the next clean point. */
  get handBackWanted(): boolean {
    return this.#state === 'handingBack';
  }

  /**
   * Whether the worker may deliver from this lease now: held, and the worker's heartbeat recent enough
   * that no other worker can have taken it over.
   */
  holds(): boolean {
    return (this.#state === 'held' || this.#state === 'handingBack') && this.#holder.heartbeatFresh();
  }

  /** Asks for the lease back at the next clean point (balancing). @internal */
  wantBack(): void {
    if (this.#state !== 'held') return;
    this.#state = 'handingBack';
    this.#handBackRequests.next();
  }

  /**
   * Stores where the unit's work stands, conditional on the lease still being this worker's; with
   * `done`, marks the unit finished and hands the lease back in the same write. Completes, emitting
   * nothing, once stored.
   * When the lease turns out lost (taken over, or this worker's heartbeat too old), `ended` emits
   * `lost` and this completes without storing. Unsubscribed while the write is in flight, the write goes
   * on (what it checkpoints was delivered): a hand-back meanwhile waits for it, and hands the lease back
   * at the counter it left.
   */
  save(checkpoint: NativeValue | undefined, done: boolean): Observable<never> {
    return new Observable<never>((subscriber) => {
      if (this.#state !== 'held' && this.#state !== 'handingBack') return subscriber.complete();
      if (!this.#holder.heartbeatFresh()) {
        this.lose();
        return subscriber.complete();
      }
      this.#writing = true;
      this.#holder.store.checkpoint(this.key, this.#counter, checkpoint, done).subscribe({
        next: (outcome) => {
          this.#writing = false;
          this.#saved(outcome, checkpoint, done);
          subscriber.complete();
        },
        error: (error: unknown) => {
          this.#writing = false;
          this.#saveFailed(error);
          subscriber.complete();
        },
      });
    });
  }

  /**
   * Hands the lease back (no owner, so another worker takes it at once) without waiting for the write,
   * which goes on after an unsubscription; with a checkpoint in flight, once it settled. Nothing to do
   * once lost, handed back or finished.
   */
  handBack(): void {
    if (this.#state !== 'held' && this.#state !== 'handingBack') return;
    this.#end('handedBack');
    if (!this.#writing) this.#release();
  }

  /** Stops holding the lease because another worker has it, or may have it. */
  lose(): void {
    if (this.#state !== 'held' && this.#state !== 'handingBack') return;
    this.#end('lost');
  }

  #release(): void {
    this.#holder.store.release(this.key, this.#counter).subscribe({
      next: (outcome) => {
        if (outcome !== 'lost') this.#holder.wrote(this.key, outcome, { owner: undefined });
        this.#holder.returned(this.key);
      },
      // Not handed back: it expires as a stopped worker's lease does.
      error: () => this.#holder.returned(this.key),
    });
  }

  #end(end: LeaseEnd): void {
    this.#state = end;
    this.#holder.ended(this, end);
    this.#ended.next(end);
    this.#ended.complete();
    this.#handBackRequests.complete();
  }

  /** A checkpoint settled: the lease is held at its new counter, or finished, or lost; handed back meanwhile, it is released now. */
  #saved(outcome: WriteOutcome, checkpoint: NativeValue | undefined, done: boolean): void {
    const handedBack = this.#state === 'handedBack';
    if (outcome === 'lost') {
      this.lose();
      if (handedBack) this.#holder.returned(this.key);
      return;
    }
    this.#counter = outcome;
    this.#holder.wrote(this.key, outcome, done ? { owner: undefined, done, checkpoint } : { checkpoint });
    if (handedBack) {
      if (done) this.#holder.returned(this.key);
      else this.#release();
    } else if (done && this.#state !== 'lost') {
      this.#end('done');
    }
  }

  /**
   * A checkpoint that failed for good: a failure about the lease table as a whole (missing, access denied)
   * fails the whole stream; a failure to reach it (retries used up) leaves the lease's state unknown,
   * so the worker stops delivering from it, as if lost, and takes it again once it can.
   */
  #saveFailed(error: unknown): void {
    if (this.#state === 'handedBack') this.#holder.returned(this.key);
    if (isRetryable(error)) this.lose();
    else this.#holder.failed(error);
  }
}

/** Whether an error is one that retrying later may cure (throttling, a network failure, a 5xx). @internal */
export function isRetryable(error: unknown): boolean {
  return DynamoDBError.isDynamoDBError(error) && error.retryable;
}
