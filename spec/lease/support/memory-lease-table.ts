import { asyncScheduler, Observable } from 'rxjs';
import type { GroupSnapshot, LeaseStore, UnitRecord, WorkerRecord, WriteOutcome } from '../../../src/lease/lease-store.js';
import type { NativeValue } from '../../../src/marshall/types.js';

// A lease table in memory for marble specs of the lease worker's timing, in virtual time: the same
// conditional semantics as the DynamoDB store (every unit write conditional on its counter, takes on
// the counter read, checkpoints and releases on owner and counter), each request landing `latencyMs`
// after it is sent. A worker can be cut off: its requests then wait in the network, and land (or not)
// when it is let through again, whether or not the worker still waits for them: a request on the wire
// cannot be called back.

interface UnitState {
  owner: string | undefined;
  counter: number;
  done: boolean;
  checkpoint: NativeValue | undefined;
  parents: readonly string[];
}

/** One request the table received: when it landed, from whom, what, and how it went. */
export interface LandedRequest {
  readonly at: number;
  readonly workerId: string;
  readonly what: string;
  readonly outcome: string;
}

export class MemoryLeaseTable {
  readonly units = new Map<string, UnitState>();
  readonly workers = new Map<string, { heartbeat: number; leaseDurationMs: number }>();
  /** Every request, in the order it landed. */
  readonly log: LandedRequest[] = [];
  readonly #cutOff = new Map<string, (() => void)[]>();

  /**
   * @param latencyMs how long a request takes to land
   * @param readAnswerMs how long the answer of a read then takes to come back (a large group's Query): the
   * snapshot is of when it landed
   */
  constructor(
    readonly latencyMs = 5,
    readonly readAnswerMs = 0,
  ) {}

  /** Holds every request of `workerId` in the network from now on, until {@link reconnect}. */
  cutOff(workerId: string): void {
    if (!this.#cutOff.has(workerId)) this.#cutOff.set(workerId, []);
  }

  /** Lets `workerId`'s requests through again; the ones held land now, in the order sent. */
  reconnect(workerId: string): void {
    const held = this.#cutOff.get(workerId) ?? [];
    this.#cutOff.delete(workerId);
    for (const land of held) land();
  }

  /** A lease store for one worker in this table. */
  store(workerId: string, leaseDurationMs: number): LeaseStore {
    const request = <T>(what: string, apply: () => T, describe: (result: T) => string = String, answerMs = 0): Observable<T> =>
      new Observable<T>((subscriber) => {
        const land = (): void => {
          const result = apply();
          this.log.push({ at: asyncScheduler.now(), workerId, what, outcome: describe(result) });
          const answer = () => {
            subscriber.next(result);
            subscriber.complete();
          };
          if (answerMs === 0) answer();
          else asyncScheduler.schedule(answer, answerMs);
        };
        asyncScheduler.schedule(() => {
          const held = this.#cutOff.get(workerId);
          if (held) held.push(land);
          else land();
        }, this.latencyMs);
      });
    const owned = (key: string, counter: number): UnitState | undefined => {
      const unit = this.units.get(key);
      return unit?.owner === workerId && unit.counter === counter ? unit : undefined;
    };
    return {
      workerId,
      ready: () => request('ready', () => undefined),
      read: () => request('read', () => this.snapshot(), () => 'ok', this.readAnswerMs),
      heartbeat: (create) =>
        request('heartbeat', () => {
          const worker = this.workers.get(workerId);
          if (!worker && !create) return false;
          this.workers.set(workerId, { heartbeat: (worker?.heartbeat ?? 0) + 1, leaseDurationMs });
          return true;
        }),
      take: (key, from, parents) =>
        request(`take ${key}`, (): WriteOutcome => {
          const unit = this.units.get(key);
          if (from === undefined) {
            if (unit) return 'lost';
            this.units.set(key, { owner: workerId, counter: 1, done: false, checkpoint: undefined, parents });
            return 1;
          }
          if (unit?.counter !== from.counter) return 'lost';
          unit.owner = workerId;
          return ++unit.counter;
        }),
      checkpoint: (key, counter, checkpoint, done) =>
        request(`checkpoint ${key} ${JSON.stringify(checkpoint)}${done ? ' done' : ''}`, (): WriteOutcome => {
          const unit = owned(key, counter);
          if (!unit) return 'lost';
          unit.checkpoint = checkpoint;
          unit.done = done;
          if (done) unit.owner = undefined;
          return ++unit.counter;
        }),
      release: (key, counter) =>
        request(`release ${key}`, (): WriteOutcome => {
          const unit = owned(key, counter);
          if (!unit) return 'lost';
          unit.owner = undefined;
          return ++unit.counter;
        }),
      forgetWorker: (id, heartbeat) =>
        new Observable<void>((subscriber) =>
          request(`forget ${id}`, () => {
            if (heartbeat === undefined || this.workers.get(id)?.heartbeat === heartbeat) this.workers.delete(id);
          }).subscribe({ complete: () => subscriber.complete() }),
        ),
    };
  }

  /** A unit as the table holds it, for assertions. */
  unit(key: string): UnitState | undefined {
    return this.units.get(key);
  }

  snapshot(): GroupSnapshot {
    const units = new Map<string, UnitRecord>();
    for (const [key, unit] of this.units) units.set(key, { key, ...unit, item: {} });
    const workers = new Map<string, WorkerRecord>();
    for (const [workerId, worker] of this.workers) workers.set(workerId, { workerId, ...worker });
    return { units, workers };
  }
}
