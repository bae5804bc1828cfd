import { asyncScheduler, Observable, Subscription, timer, type Subscriber } from 'rxjs';
import type { NativeValue } from '../marshall/types.js';
import { MonotonicClock } from '../util/monotonic-clock.js';
import { isRetryable, LeaseGrant, type GrantHolder, type LeaseEnd } from './lease-grant.js';
import type { GroupSnapshot, LeaseStore, UnitRecord, WorkerRecord } from './lease-store.js';
import type { LeaseEvent } from './types.js';

/** One unit of work the workers share: a scan segment, a stream shard. @internal */
export interface LeaseUnit {
  /** Its key in the group, e.g. `segment#7`. */
  readonly key: string;
  /** Units that must be done before this one is taken (a shard's parent); a parent not among the units counts as done. */
  readonly parents: readonly string[];
}

/** How a worker runs: its group, its limits, and where its events go. @internal */
export interface LeaseWorkerSettings {
  /** The lease table, for events. */
  readonly table: string;
  readonly group: string;
  readonly leaseDurationMs: number;
  /** The most leases it holds at once (a scan's `concurrency`). */
  readonly maxLeases: number;
  /** Receives a {@link LeaseEvent} for each lease gained, lost, handed back or finished. */
  readonly onEvent: (event: LeaseEvent) => void;
  /** Checks each snapshot of the group read (a scan's segment count); an error fails the stream. */
  readonly check?: ((snapshot: GroupSnapshot) => Error | undefined) | undefined;
  /**
   * A unit's parent is no longer among the units (a shard trimmed away) though its lease is not done:
   * the rest of its work is gone. An error fails the stream; undefined goes on, the parent counting as done.
   */
  readonly parentGone?: ((parent: UnitRecord) => Error | undefined) | undefined;
}

/** When this worker first saw another worker's heartbeat at its current value. */
interface Sighting {
  readonly heartbeat: number;
  readonly since: number;
}

/**
 * Shares `units` with the other workers of the group through leases in the lease table (the design of
 * the Kinesis Client Library, with one heartbeat per worker instead of one renewal per lease): emits a
 * {@link LeaseGrant} for each lease this worker takes, and completes once every unit is done (and
 * `units` completed). The worker:
 * - writes its heartbeat every `leaseDurationMs / 3`, and counts its leases as lost once its own last
 *   heartbeat that landed started `leaseDurationMs` ago (so it stops before anyone can take them over);
 * - reads the group every `leaseDurationMs / 2` (sooner when another worker's leases are about to
 *   expire), and takes free leases, finished units' children, and the leases of workers whose heartbeat
 *   it has seen unchanged for their `leaseDurationMs` (by its own clock: no clock is compared with
 *   another machine's), each with a write conditional on the lease's counter;
 * - holds at most its fair share of the units not done (`floor(units / workers alive)`, or one more) and
 *   `maxLeases`: above it, it asks grants back (`handBackWanted`), and the workers below it take them;
 * - hands back every lease it holds when unsubscribed, so that another worker takes it at once.
 * A failure of the lease table itself (not found, access denied) fails the stream; requests that fail
 * after their retries are tried again at the next heartbeat or read. @internal
 */
export function leaseGrants(store: LeaseStore, settings: LeaseWorkerSettings, units: Observable<readonly LeaseUnit[]>): Observable<LeaseGrant> {
  return new Observable<LeaseGrant>((subscriber) => {
    const worker = new LeaseWorker(store, settings, subscriber);
    worker.start(units);
    return () => worker.stop();
  });
}

class LeaseWorker implements GrantHolder {
  readonly store: LeaseStore;
  readonly #settings: LeaseWorkerSettings;
  readonly #subscriber: Subscriber<LeaseGrant>;
  readonly #me: string;
  readonly #units = new Map<string, LeaseUnit>();
  #unitsFinal = false;
  /** The group's leases, as last read or written by this worker. */
  readonly #records = new Map<string, UnitRecord>();
  #workers: ReadonlyMap<string, WorkerRecord> = new Map();
  readonly #sightings = new Map<string, Sighting>();
  readonly #held = new Map<string, LeaseGrant>();
  readonly #taking = new Set<string>();
  /** Leases handed back whose release has not settled yet: not taken again meanwhile. */
  readonly #returning = new Set<string>();
  #readOnce = false;
  /** Heartbeats of stopped workers this worker already asked to delete. */
  readonly #forgotten = new Set<string>();
  /** When the last heartbeat that landed was sent; undefined before the first. */
  #heartbeatAt: number | undefined;
  #heartbeating = false;
  /** Whether a heartbeat was ever sent: one may be in the lease table. */
  #heartbeatSent = false;
  /** Set once this worker, stopped, asked to delete its heartbeat. */
  #selfForgotten = false;
  /** Set by stop(): what settles after it changes nothing but the cleanup. */
  #halted = false;
  /** Whether the next heartbeat creates this worker's item (the first one, or after it was deleted). */
  #createHeartbeat = true;
  #reading = false;
  #readAgain = false;
  #nextRead = Subscription.EMPTY;
  #deadline = Subscription.EMPTY;
  readonly #subscriptions = new Subscription();
  /**
   * This worker's time: a clock set back (NTP, a VM resumed) would otherwise leave its last heartbeat in
   * the future, so that it counted its leases as safe long after others took them over.
   */
  readonly #clock = new MonotonicClock(() => asyncScheduler.now());

  constructor(store: LeaseStore, settings: LeaseWorkerSettings, subscriber: Subscriber<LeaseGrant>) {
    this.store = store;
    this.#settings = settings;
    this.#subscriber = subscriber;
    this.#me = store.workerId;
  }

  start(units: Observable<readonly LeaseUnit[]>): void {
    this.#subscriptions.add(
      this.store.ready().subscribe({
        error: (error: unknown) => this.failed(error),
        complete: () => {
          this.#subscriptions.add(timer(0, this.#settings.leaseDurationMs / 3).subscribe(() => this.#heartbeat()));
          this.#subscriptions.add(
            units.subscribe({
              next: (list) => {
                for (const unit of list) this.#units.set(unit.key, unit);
                this.#step();
              },
              error: (error: unknown) => this.failed(error),
              complete: () => {
                this.#unitsFinal = true;
                this.#step();
              },
            }),
          );
        },
      }),
    );
  }

  /** Hands back every lease held, deletes this worker's heartbeat, and stops its timers. */
  stop(): void {
    this.#subscriptions.unsubscribe();
    this.#nextRead.unsubscribe();
    this.#deadline.unsubscribe();
    for (const grant of [...this.#held.values()]) grant.handBack();
    this.#halted = true;
    this.#forgetSelfOnceSettled();
  }

  /**
   * Once stopped, deletes this worker's heartbeat (if it ever sent one), so that others do not count it alive,
   * but only when no heartbeat is on the wire (it could land after the delete) and every lease handed back was
   * released: deleted before, it lets another worker take a lease whose last checkpoint is still in flight,
   * which then fails its condition and that page or batch comes again.
   */
  #forgetSelfOnceSettled(): void {
    if (!this.#halted || this.#heartbeating || this.#returning.size > 0 || this.#selfForgotten) return;
    this.#selfForgotten = true;
    if (this.#heartbeatSent) this.store.forgetWorker(this.#me).subscribe({ error: () => undefined });
  }

  // GrantHolder

  heartbeatFresh(): boolean {
    return this.#heartbeatAt !== undefined && this.#now() < this.#heartbeatAt + this.#settings.leaseDurationMs;
  }

  ended(grant: LeaseGrant, end: LeaseEnd): void {
    this.#held.delete(grant.key);
    if (end === 'handedBack') this.#returning.add(grant.key);
    this.#event(end, grant.key);
    if (this.#subscriber.closed || end === 'lost') return;
    this.#step();
    // Done with a unit and nothing left to take as far as this worker knows: what others handed back
    // meanwhile shows only in a read, so read now rather than at the next turn.
    if (end === 'done' && this.#taking.size === 0 && !this.#subscriber.closed) this.#read();
  }

  returned(key: string): void {
    this.#returning.delete(key);
    this.#forgetSelfOnceSettled();
  }

  wrote(key: string, counter: number, change: { readonly owner?: undefined; readonly done?: boolean; readonly checkpoint?: NativeValue | undefined }): void {
    const record = this.#records.get(key);
    const owner = 'owner' in change ? undefined : this.#me;
    this.#records.set(key, {
      key,
      owner,
      counter,
      done: change.done ?? record?.done ?? false,
      checkpoint: 'checkpoint' in change ? change.checkpoint : record?.checkpoint,
      parents: record?.parents ?? this.#units.get(key)?.parents ?? [],
      item: record?.item ?? {},
    });
  }

  failed(error: unknown): void {
    this.#subscriber.error(error);
  }

  // Heartbeats

  #heartbeat(): void {
    if (this.#heartbeating) return;
    this.#heartbeating = true;
    this.#heartbeatSent = true;
    const sentAt = this.#now();
    // Not cancelled by stop(): it may land even so, and is deleted once it settled.
    this.store.heartbeat(this.#createHeartbeat).subscribe({
      next: (landed) => {
        if (this.#halted) return;
        this.#createHeartbeat = !landed;
        if (!landed) return;
        const first = this.#heartbeatAt === undefined;
        this.#heartbeatAt = Math.max(sentAt, this.#heartbeatAt ?? sentAt);
        this.#armDeadline();
        if (first) this.#read();
      },
      error: (error: unknown) => {
        this.#heartbeatSettled();
        if (!isRetryable(error)) this.failed(error);
      },
      complete: () => this.#heartbeatSettled(),
    });
  }

  #heartbeatSettled(): void {
    this.#heartbeating = false;
    this.#forgetSelfOnceSettled();
  }

  /** Counts every lease as lost once the last heartbeat that landed is `leaseDurationMs` old. */
  #armDeadline(): void {
    this.#deadline.unsubscribe();
    const due = this.#heartbeatAt! + this.#settings.leaseDurationMs - this.#now();
    this.#deadline = timer(Math.max(0, due)).subscribe(() => {
      for (const grant of [...this.#held.values()]) grant.lose();
    });
  }

  // Reading the group

  #read(): void {
    if (this.#subscriber.closed) return;
    if (this.#reading) {
      this.#readAgain = true;
      return;
    }
    this.#reading = true;
    this.#nextRead.unsubscribe();
    this.#subscriptions.add(
      this.store.read().subscribe({
        next: (snapshot) => this.#apply(snapshot),
        error: (error: unknown) => {
          this.#reading = false;
          if (isRetryable(error)) this.#scheduleRead();
          else this.failed(error);
        },
        complete: () => {
          this.#reading = false;
          if (this.#readAgain) {
            this.#readAgain = false;
            this.#read();
          } else {
            this.#scheduleRead();
          }
        },
      }),
    );
  }

  /**
   * Reads again in `leaseDurationMs / 2`, or as soon as another worker's lease that this one could take
   * expires. One expired already was not taken for want of room (`maxLeases`, fair share): room is made
   * by a lease ending, which reads at once; reading sooner for it would read without pause.
   */
  #scheduleRead(): void {
    if (this.#subscriber.closed) return;
    let delay = this.#settings.leaseDurationMs / 2;
    const now = this.#now();
    for (const [key, record] of this.#records) {
      if (record.owner === undefined || record.owner === this.#me || record.done || this.#taking.has(key) || !this.#ready(key)) continue;
      const expiry = this.#expiry(record.owner);
      if (expiry !== undefined && expiry > now) delay = Math.min(delay, expiry - now);
    }
    this.#nextRead.unsubscribe();
    this.#nextRead = timer(delay).subscribe(() => this.#read());
  }

  #apply(snapshot: GroupSnapshot): void {
    const problem = this.#settings.check?.(snapshot);
    if (problem) {
      this.failed(problem);
      return;
    }
    const seenAt = this.#now();
    for (const worker of snapshot.workers.values()) {
      const sighting = this.#sightings.get(worker.workerId);
      if (sighting?.heartbeat !== worker.heartbeat) this.#sightings.set(worker.workerId, { heartbeat: worker.heartbeat, since: seenAt });
    }
    for (const id of this.#sightings.keys()) if (!snapshot.workers.has(id)) this.#sightings.delete(id);
    this.#workers = snapshot.workers;
    for (const [key, record] of snapshot.units) {
      const grant = this.#held.get(key);
      // A counter below the grant's is of a snapshot older than this worker's take (a read answered late).
      if (grant?.writing || this.#taking.has(key) || (grant && record.counter < grant.counter)) continue;
      this.#records.set(key, record);
      if (grant && record.owner !== this.#me) grant.lose();
    }
    // A lease deleted from the table (by hand) is taken again as new: taken on its old counter, every take
    // would be refused, and read and taken again without end. One held is lost at its next checkpoint.
    for (const key of this.#records.keys()) {
      if (!snapshot.units.has(key) && !this.#held.has(key) && !this.#taking.has(key)) this.#records.delete(key);
    }
    this.#forgetStoppedWorkers(snapshot);
    this.#readOnce = true;
    this.#step();
  }

  /** Deletes the heartbeats of workers that stopped and hold nothing, so that the group does not grow. */
  #forgetStoppedWorkers(snapshot: GroupSnapshot): void {
    const owners = new Set([...snapshot.units.values()].filter((unit) => !unit.done).map((unit) => unit.owner));
    for (const worker of snapshot.workers.values()) {
      const mark = `${worker.workerId}@${worker.heartbeat}`;
      if (worker.workerId === this.#me || owners.has(worker.workerId) || !this.#stopped(worker.workerId) || this.#forgotten.has(mark)) continue;
      this.#forgotten.add(mark);
      this.store.forgetWorker(worker.workerId, worker.heartbeat).subscribe({ error: () => undefined });
    }
  }

  // Taking and balancing

  /** Completes when all is done; otherwise takes what this worker's fair share allows, or asks leases back above it. */
  #step(): void {
    if (this.#subscriber.closed || !this.#readOnce) return;
    if (this.#unitsFinal && [...this.#units.keys()].every((key) => this.#isDone(key))) {
      this.#subscriber.complete();
      return;
    }
    if (!this.heartbeatFresh()) return;
    const gone = this.#goneParentError();
    if (gone) {
      this.failed(gone);
      return;
    }
    const target = Math.min(this.#settings.maxLeases, this.#fairShare());
    const active = [...this.#held.values()].filter((grant) => grant.active);
    if (active.length > target) {
      for (const grant of active.slice(target)) grant.wantBack();
      return;
    }
    let room = target - active.length - this.#taking.size;
    for (const key of this.#takeable()) {
      if (room-- <= 0) break;
      this.#take(key);
    }
  }

  /**
   * This worker's share of the units not done: `floor(units / workers alive)`, one more for the first
   * `units % workers` of the workers alive in id order, so that the shares add up to the units exactly
   * and no two workers' differ by more than one.
   */
  #fairShare(): number {
    const alive = [this.#me, ...[...this.#workers.keys()].filter((id) => id !== this.#me && !this.#stopped(id))].sort();
    const pending = [...this.#units.keys()].filter((key) => !this.#isDone(key)).length;
    return Math.floor(pending / alive.length) + (alive.indexOf(this.#me) < pending % alive.length ? 1 : 0);
  }

  /** Units this worker may take now: free ones first, then those of workers that stopped. */
  #takeable(): string[] {
    const free: string[] = [];
    const expired: string[] = [];
    for (const key of this.#units.keys()) {
      if (this.#isDone(key) || this.#held.has(key) || this.#taking.has(key) || this.#returning.has(key) || !this.#ready(key)) continue;
      const owner = this.#records.get(key)?.owner;
      if (owner === undefined || owner === this.#me || !this.#workers.has(owner)) free.push(key);
      else if (this.#stopped(owner)) expired.push(key);
    }
    return [...free, ...expired];
  }

  #take(key: string): void {
    const record = this.#records.get(key);
    this.#taking.add(key);
    this.store.take(key, record, this.#units.get(key)?.parents ?? []).subscribe({
      next: (outcome) => {
        this.#taking.delete(key);
        if (outcome === 'lost') {
          this.#read();
          return;
        }
        if (this.#subscriber.closed) {
          // Taken as the worker stopped: handed back at once, never shown as held.
          this.store.release(key, outcome).subscribe({ error: () => undefined });
          return;
        }
        const parentLeased = (this.#units.get(key)?.parents ?? []).some((parent) => this.#records.has(parent));
        const grant = new LeaseGrant(this, key, outcome, record?.checkpoint, parentLeased);
        this.wrote(key, outcome, {});
        this.#held.set(key, grant);
        this.#event('gained', key);
        this.#subscriber.next(grant);
      },
      error: (error: unknown) => {
        this.#taking.delete(key);
        if (!isRetryable(error)) this.failed(error);
      },
    });
  }

  #isDone(key: string): boolean {
    return this.#records.get(key)?.done === true;
  }

  /** What `parentGone` says of the first parent of a unit not done that is gone before its lease was done. */
  #goneParentError(): Error | undefined {
    for (const [key, unit] of this.#units) {
      if (this.#isDone(key)) continue;
      for (const parent of unit.parents) {
        const record = this.#records.get(parent);
        if (this.#units.has(parent) || record === undefined || record.done || this.#workedOnElsewhere(record)) continue;
        const error = this.#settings.parentGone?.(record);
        if (error) return error;
      }
    }
    return undefined;
  }

  /**
   * Whether every parent of `key` is done. A parent that is not one of the units counts as done, unless
   * another worker alive holds its lease (a listing that left it out: it is still being worked on).
   */
  #ready(key: string): boolean {
    return (this.#units.get(key)?.parents ?? []).every((parent) => {
      if (this.#units.has(parent)) return this.#isDone(parent);
      const record = this.#records.get(parent);
      return record === undefined || record.done || !this.#workedOnElsewhere(record);
    });
  }

  /** Whether another worker, alive, holds a lease. */
  #workedOnElsewhere(record: UnitRecord): boolean {
    return record.owner !== undefined && record.owner !== this.#me && this.#workers.has(record.owner) && !this.#stopped(record.owner);
  }

  /** When another worker's leases expire: its heartbeat's `leaseDurationMs` after this worker first saw it unchanged. */
  #expiry(workerId: string): number | undefined {
    const sighting = this.#sightings.get(workerId);
    if (sighting === undefined) return undefined;
    return sighting.since + (this.#workers.get(workerId)?.leaseDurationMs ?? this.#settings.leaseDurationMs);
  }

  /** Whether another worker's heartbeat has stayed unchanged for its lease duration (or is gone). */
  #stopped(workerId: string): boolean {
    const expiry = this.#expiry(workerId);
    return expiry === undefined || this.#now() >= expiry;
  }

  #event(type: LeaseEvent['type'], leaseKey: string): void {
    const { table, group } = this.#settings;
    this.#settings.onEvent({ type, table, group, leaseKey, workerId: this.#me, held: [...this.#held.keys()].sort() });
  }

  #now(): number {
    return this.#clock.now();
  }
}
