import { asyncScheduler, interval, mergeMap, of, take, takeUntil, timer, type Observable, type Subscription } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { LeaseGrant } from '../../src/lease/lease-grant.js';
import { leaseGrants, type LeaseUnit } from '../../src/lease/lease-worker.js';
import type { LeaseEvent } from '../../src/lease/types.js';
import { marbleScheduler } from '../support/marble-scheduler.js';
import { MemoryLeaseTable } from './support/memory-lease-table.js';

// The lease worker in virtual time, on a lease table in memory that applies the same conditions as
// DynamoDB: heartbeat and read cadence, taking, completion, takeover of a stopped worker within
// leaseDurationMs plus one read, fencing of a worker cut off past its lease, hand-back on
// unsubscribe, balance, lineage.

const LEASE_MS = 3000;
const HEARTBEAT_MS = LEASE_MS / 3;
const READ_MS = LEASE_MS / 2;

interface WorkerRun {
  readonly id: string;
  /** Off once the scenario ends: the hand-backs of the final teardown are not recorded. */
  recording: boolean;
  /** Every lease event, as `<time> <type> <key>`. */
  readonly events: string[];
  /** The grants it got, by key (the latest). */
  readonly grants: Map<string, LeaseGrant>;
  completedAt?: number;
  subscription?: Subscription;
}

interface RunOptions {
  readonly startAt?: number;
  readonly stopAt?: number;
  readonly maxLeases?: number;
  /** @default LEASE_MS */
  readonly leaseDurationMs?: number;
  /** What the worker does with each lease; by default it holds it, handing it back when asked. */
  readonly work?: (grant: LeaseGrant) => Observable<unknown>;
}

const units = (...keys: string[]): LeaseUnit[] => keys.map((key) => ({ key, parents: [] }));

/** Holds a lease until the worker asks it back (checked every 100 ms, a clean point), then hands it back. */
function holdUntilAskedBack(grant: LeaseGrant): Observable<unknown> {
  return interval(100).pipe(
    mergeMap(() => {
      if (grant.handBackWanted) grant.handBack();
      return [];
    }),
    takeUntil(grant.ended),
  );
}

/** The workers of the scenario being played: stopped when it ends. */
const playing: WorkerRun[] = [];

/** Starts a worker on `table` in the current virtual time. */
function worker(table: MemoryLeaseTable, id: string, list: readonly LeaseUnit[], options: RunOptions = {}): WorkerRun {
  const run: WorkerRun = { id, recording: true, events: [], grants: new Map() };
  playing.push(run);
  const onEvent = (event: LeaseEvent) => {
    if (run.recording) run.events.push(`${asyncScheduler.now()} ${event.type} ${event.leaseKey}`);
  };
  const leaseDurationMs = options.leaseDurationMs ?? LEASE_MS;
  const settings = { table: 'Leases', group: 'g', leaseDurationMs, maxLeases: options.maxLeases ?? Infinity, onEvent };
  const work = options.work ?? holdUntilAskedBack;
  asyncScheduler.schedule(() => {
    run.subscription = leaseGrants(table.store(id, leaseDurationMs), settings, of(list))
      .pipe(
        mergeMap((grant) => {
          run.grants.set(grant.key, grant);
          return work(grant);
        }),
      )
      .subscribe({ complete: () => (run.completedAt = asyncScheduler.now()) });
  }, options.startAt ?? 0);
  if (options.stopAt !== undefined) asyncScheduler.schedule(() => run.subscription?.unsubscribe(), options.stopAt);
  return run;
}

/** Runs `scenario` in virtual time until `until`, then stops every worker (and lets their last requests land). */
function play(until: number, scenario: () => void): void {
  playing.length = 0;
  marbleScheduler().run(({ flush }) => {
    scenario();
    asyncScheduler.schedule(() => {
      for (const run of playing) {
        run.recording = false;
        run.subscription?.unsubscribe();
      }
    }, until);
    flush();
  });
}

/** Runs `look` at `time` in the scenario being played (to see the table before the final teardown). */
function at(time: number, look: () => void): void {
  asyncScheduler.schedule(look, time);
}

/** The time of the first event matching `pattern` (`gained u1`), or undefined. */
function timeOf(run: WorkerRun, pattern: string): number | undefined {
  const event = run.events.find((line) => line.endsWith(pattern));
  return event === undefined ? undefined : Number(event.split(' ')[0]);
}

describe('lease worker: cadence', () => {
  it(`writes its heartbeat every leaseDurationMs / 3, reads the group every leaseDurationMs / 2 and takes free units after its first read`, () => {
    const table = new MemoryLeaseTable();
    let run!: WorkerRun;
    play(4000, () => {
      run = worker(table, 'A', units('u1', 'u2'), { stopAt: 4000 });
    });
    const requests = table.log.filter((entry) => entry.workerId === 'A').map((entry) => `${entry.at} ${entry.what}`);
    expect(requests).toEqual([
      '5 ready',
      '10 heartbeat', // sent at 5, as ready landed
      '15 read', // after the first heartbeat landed: nothing is taken before this worker is seen alive
      '20 take u1',
      '20 take u2',
      // heartbeats every HEARTBEAT_MS from the first; reads READ_MS after the previous one landed
      `${10 + HEARTBEAT_MS} heartbeat`,
      `${15 + READ_MS + 5} read`,
      `${10 + 2 * HEARTBEAT_MS} heartbeat`,
      `${10 + 3 * HEARTBEAT_MS} heartbeat`,
      `${15 + 2 * (READ_MS + 5)} read`,
      // unsubscribed at 4000: both leases handed back, and the heartbeat deleted
      '4005 release u1',
      '4005 release u2',
      '4010 forget A', // sent once both releases landed
    ]);
    expect(run.events).toEqual(['20 gained u1', '20 gained u2', '4000 handedBack u1', '4000 handedBack u2']);
    expect(table.unit('u1')).toMatchObject({ owner: undefined, counter: 2 });
  });
});

describe('lease worker: cost at rest', () => {
  it('a worker holding its leases makes a heartbeat every leaseDurationMs / 3 and a read every leaseDurationMs / 2, however many units: 0.5 requests a second with the 10 s default', () => {
    const table = new MemoryLeaseTable();
    const list = units(...Array.from({ length: 1000 }, (_, n) => `segment#${n}`));
    const lease = 10_000;
    play(75_000, () => worker(table, 'A', list, { maxLeases: 16, leaseDurationMs: lease }));
    const atRest = table.log.filter((entry) => entry.at >= 15_000 && entry.at < 75_000).map((entry) => entry.what);
    expect(atRest.filter((what) => what === 'heartbeat')).toHaveLength(18);
    expect(atRest.filter((what) => what === 'read')).toHaveLength(12);
    expect(atRest).toHaveLength(30); // 60 s: 30 requests
    expect(table.log.filter((entry) => entry.what.startsWith('take'))).toHaveLength(16);
  });
});

describe('lease worker: completion', () => {
  it('completes once every unit is done, by whichever worker; a run after that takes nothing and completes after its first read', () => {
    const table = new MemoryLeaseTable();
    const finish = (grant: LeaseGrant) => grant.save({ at: grant.key }, true);
    let first!: WorkerRun;
    let again!: WorkerRun;
    play(10_000, () => {
      first = worker(table, 'A', units('u1', 'u2', 'u3'), { work: finish });
      again = worker(table, 'B', units('u1', 'u2', 'u3'), { startAt: 5000, work: finish });
    });
    expect(first.events).toEqual(['20 gained u1', '20 gained u2', '20 gained u3', '25 done u1', '25 done u2', '25 done u3']);
    expect(first.completedAt).toBe(25);
    expect(again.events).toEqual([]);
    expect(again.completedAt).toBe(5015);
    expect(table.unit('u2')).toMatchObject({ owner: undefined, done: true, checkpoint: { at: 'u2' } });
  });
});

describe('lease worker: takeover and fencing', () => {
  it('a worker cut off stops delivering at its last heartbeat + leaseDurationMs; another takes its leases within leaseDurationMs plus one read after', () => {
    const table = new MemoryLeaseTable();
    let a!: WorkerRun;
    let b!: WorkerRun;
    const cutAt = 2100;
    play(12_000, () => {
      a = worker(table, 'A', units('u1', 'u2'));
      b = worker(table, 'B', units('u1', 'u2'), { startAt: 1000 });
      asyncScheduler.schedule(() => table.cutOff('A'), cutAt);
    });
    // A's last heartbeat to land was sent at 2005: A counts its leases lost at 2005 + LEASE_MS.
    expect(timeOf(a, 'lost u1')).toBe(2005 + LEASE_MS);
    const takeover = timeOf(b, 'gained u1')!;
    expect(takeover).toBeGreaterThan(timeOf(a, 'lost u1')!);
    expect(takeover - cutAt).toBeLessThanOrEqual(LEASE_MS + READ_MS + 4 * table.latencyMs);
    // u2 had moved to B by balance, handed back at a clean point: never lost.
    expect(a.events).toEqual(['20 gained u1', '20 gained u2', '1620 handedBack u2', `${2005 + LEASE_MS} lost u1`]);
  });

  it('a clock set back does not stretch a worker\'s leases: cut off after it, it still stops at its last heartbeat + leaseDurationMs', () => {
    const table = new MemoryLeaseTable();
    let a!: WorkerRun;
    let b!: WorkerRun;
    const wallClock = asyncScheduler.now;
    try {
      play(20_000, () => {
        a = worker(table, 'A', units('u1'));
        b = worker(table, 'B', units('u1'), { startAt: 1000 });
        // At 2050 the machine's clock is set back a minute (both workers run on it); A's heartbeat of 3005 lands, then A is cut off.
        at(2050, () => (asyncScheduler.now = () => wallClock.call(asyncScheduler) - 60_000));
        at(3100, () => table.cutOff('A'));
      });
    } finally {
      asyncScheduler.now = wallClock;
    }
    // Events after 2050 are stamped by the clock set back: a minute is added back.
    const stamped = (run: WorkerRun, pattern: string) => timeOf(run, pattern)! + 60_000;
    expect(stamped(a, 'lost u1')).toBe(3005 + LEASE_MS);
    expect(stamped(b, 'gained u1')).toBeGreaterThan(3005 + LEASE_MS);
    expect(stamped(b, 'gained u1') - 3100).toBeLessThanOrEqual(LEASE_MS + READ_MS + 4 * table.latencyMs);
  });

  it("a worker's checkpoint that lands after another worker took its lease over is refused: the new holder's checkpoint stands", () => {
    const table = new MemoryLeaseTable();
    let a!: WorkerRun;
    let b!: WorkerRun;
    let unit: object | undefined;
    play(12_000, () => {
      a = worker(table, 'A', units('u1'));
      b = worker(table, 'B', units('u1'), { startAt: 100 });
      // A saves a checkpoint, then is cut off while it saves the next one (the request sits in the network).
      asyncScheduler.schedule(() => a.grants.get('u1')!.save('a1', false).subscribe(), 1000);
      asyncScheduler.schedule(() => {
        table.cutOff('A');
        a.grants.get('u1')!.save('a2', false).subscribe();
      }, 2100);
      asyncScheduler.schedule(() => b.grants.get('u1')?.save('b1', false).subscribe(), 8000);
      asyncScheduler.schedule(() => table.reconnect('A'), 9000);
      at(11_000, () => (unit = { ...table.unit('u1') }));
    });
    expect(timeOf(b, 'gained u1')).toBeLessThan(8000);
    expect(b.grants.get('u1')!.checkpoint).toBe('a1'); // B went on from A's last checkpoint that landed
    const late = table.log.find((entry) => entry.workerId === 'A' && entry.what === 'checkpoint u1 "a2"');
    expect(late).toMatchObject({ at: 9000, outcome: 'lost' });
    expect(unit).toMatchObject({ checkpoint: 'b1' });
    expect(a.events).toContain(`${2005 + LEASE_MS} lost u1`);
    // Back in touch, A is alive again and first in id order: B hands u1 back to it (balance), and A goes on from B's checkpoint.
    const gains = a.events.filter((line) => line.includes('gained'));
    expect(gains).toHaveLength(2);
    expect(Number(gains[1]!.split(' ')[0])).toBeGreaterThan(9000);
    expect(a.grants.get('u1')!.checkpoint).toBe('b1');
  });

  it('a lease whose save finds it taken is lost at once', () => {
    const table = new MemoryLeaseTable();
    let a!: WorkerRun;
    let unit: object | undefined;
    play(5000, () => {
      a = worker(table, 'A', units('u1'));
      // X, alive, took u1 over (as it would from a worker paused for longer than its lease).
      interval(500)
        .pipe(take(10))
        .subscribe((beat) => table.workers.set('X', { heartbeat: beat, leaseDurationMs: LEASE_MS }));
      at(500, () => {
        const taken = table.unit('u1')!;
        taken.owner = 'X';
        taken.counter++;
        a.grants.get('u1')!.save('a1', false).subscribe();
      });
      at(4900, () => (unit = { ...table.unit('u1') }));
    });
    expect(a.events).toEqual(['20 gained u1', '505 lost u1']);
    expect(unit).toMatchObject({ owner: 'X', checkpoint: undefined });
  });
});

describe('lease worker: handing back and balance', () => {
  it('unsubscribing hands the leases back: another worker takes them at its next read, without waiting for them to expire', () => {
    const table = new MemoryLeaseTable();
    let a!: WorkerRun;
    let b!: WorkerRun;
    play(10_000, () => {
      a = worker(table, 'A', units('u1', 'u2'), { stopAt: 5000 });
      b = worker(table, 'B', units('u1', 'u2'), { startAt: 10 });
    });
    // A took both before it saw B, and handed one back for balance; it held the other until unsubscribed.
    expect(a.events.slice(0, 3)).toEqual(['20 gained u1', '20 gained u2', '1620 handedBack u2']);
    expect(a.events.slice(3)).toEqual(['5000 handedBack u1']);
    expect(timeOf(b, 'gained u1')! - 5000).toBeLessThanOrEqual(READ_MS + 3 * table.latencyMs);
  });

  it('unsubscribed while a checkpoint is in flight: the checkpoint lands, the lease is handed back after it at the counter it left, and only then is the heartbeat deleted', () => {
    const table = new MemoryLeaseTable();
    let a!: WorkerRun;
    let unit: object | undefined;
    play(5000, () => {
      a = worker(table, 'A', units('u1'), { stopAt: 1002 });
      // The work on u1 saves a checkpoint at 1000, and is unsubscribed with the worker while the write is on the wire.
      at(1000, () => {
        const saving = a.grants.get('u1')!.save('a1', false).subscribe();
        asyncScheduler.schedule(() => saving.unsubscribe(), 2);
      });
      at(4000, () => (unit = { ...table.unit('u1') }));
    });
    const writes = table.log.filter((entry) => entry.what.includes(' u1')).map((entry) => `${entry.at} ${entry.what} ${entry.outcome}`);
    expect(writes).toEqual(['20 take u1 1', '1005 checkpoint u1 "a1" 2', '1010 release u1 3']);
    // Its heartbeat is deleted only after the release landed: before, another worker could take u1 while the checkpoint was on the wire.
    expect(table.log.filter((entry) => entry.what === 'forget A').map((entry) => entry.at)).toEqual([1015]);
    expect(unit).toMatchObject({ owner: undefined, checkpoint: 'a1', counter: 3 });
    expect(a.events).toEqual(['20 gained u1', '1002 handedBack u1']);
  });

  it('unsubscribed while its first heartbeat is on the wire: the heartbeat that lands is deleted, so the worker does not look alive for a lease duration', () => {
    const table = new MemoryLeaseTable();
    let workers: string[] = [];
    play(1000, () => {
      worker(table, 'A', units('u1'), { stopAt: 7 }); // its first heartbeat was sent at 5 and lands at 10
      at(500, () => (workers = [...table.workers.keys()]));
    });
    expect(workers).toEqual([]);
  });

  it('unsubscribed while a take is on the wire: the lease that lands is handed back, with no event for a lease the user never got', () => {
    const table = new MemoryLeaseTable();
    let a!: WorkerRun;
    let unit: object | undefined;
    play(1000, () => {
      a = worker(table, 'A', units('u1'), { stopAt: 17 }); // the take was sent at 15 and lands at 20
      at(500, () => (unit = { ...table.unit('u1') }));
    });
    expect(unit).toMatchObject({ owner: undefined, counter: 2 });
    expect(a.events).toEqual([]);
  });

  it('100 units and 8 workers starting one after the other settle within one unit of fair; leases move only by hand-back', () => {
    const table = new MemoryLeaseTable();
    const list = units(...Array.from({ length: 100 }, (_, n) => `u${n}`));
    const runs: WorkerRun[] = [];
    let held: number[] = [];
    play(30_000, () => {
      for (let n = 0; n < 8; n++) runs.push(worker(table, `W${n}`, list, { startAt: n * 700 }));
      at(29_000, () => (held = runs.map((run) => [...table.units.values()].filter((unit) => unit.owner === run.id).length)));
    });
    expect(held.reduce((sum, count) => sum + count, 0)).toBe(100);
    expect(Math.max(...held) - Math.min(...held)).toBeLessThanOrEqual(1);
    expect(runs.flatMap((run) => run.events).filter((line) => line.includes('lost'))).toEqual([]);
  });

  it('at maxLeases, a stopped worker\'s leases it cannot take yet do not make it read the group without pause', () => {
    const table = new MemoryLeaseTable();
    play(20_000, () => {
      worker(table, 'A', units('u1', 'u2', 'u3', 'u4'), { maxLeases: 1 });
      worker(table, 'B', units('u1', 'u2', 'u3', 'u4'), { maxLeases: 1, startAt: 100 });
      at(2000, () => table.cutOff('B')); // B dies holding a lease: A, at its one lease, cannot take it
    });
    const reads = table.log.filter((entry) => entry.workerId === 'A' && entry.what === 'read' && entry.at >= 10_000 && entry.at < 20_000);
    // One read every leaseDurationMs / 2.
    expect(reads.length).toBeLessThanOrEqual(10_000 / READ_MS + 1);
  });

  it('a lease deleted from the table (by hand) while held is lost, then taken again from its start, without taking in a loop', () => {
    const table = new MemoryLeaseTable();
    let a!: WorkerRun;
    play(5000, () => {
      a = worker(table, 'A', units('u1'));
      at(1000, () => table.units.delete('u1'));
      at(1100, () => a.grants.get('u1')!.save('a1', false).subscribe());
    });
    const takes = table.log.filter((entry) => entry.what === 'take u1').map((entry) => `${entry.at} ${entry.outcome}`);
    expect(takes).toEqual(['20 1', expect.stringMatching(/ 1$/)]);
    expect(a.events).toEqual(['20 gained u1', '1105 lost u1', expect.stringMatching(/gained u1$/)]);
    expect(a.grants.get('u1')!.checkpoint).toBeUndefined();
  });

  it('a read whose answer comes back after a take landed does not count the lease lost: its snapshot is older than the take', () => {
    const table = new MemoryLeaseTable(5, 50); // reads answer 50 ms after their snapshot
    table.units.set('u2', { owner: undefined, counter: 2, done: false, checkpoint: undefined, parents: [] }); // handed back earlier
    let a!: WorkerRun;
    play(5000, () => {
      a = worker(table, 'A', units('u1', 'u2'), { maxLeases: 1 });
      // A read lands at 1570 (snapshot: u2 free at counter 2) and answers at 1620; u1 is done meanwhile, and u2 taken at 1581.
      at(1571, () => a.grants.get('u1')!.save('end', true).subscribe());
    });
    expect(a.events.filter((line) => line.includes('u2'))).toEqual(['1581 gained u2']);
  });

  it('maxLeases caps what a worker holds, the rest stays free for others', () => {
    const table = new MemoryLeaseTable();
    let a!: WorkerRun;
    play(3000, () => {
      a = worker(table, 'A', units('u1', 'u2', 'u3'), { maxLeases: 2 });
    });
    expect(a.events).toEqual(['20 gained u1', '20 gained u2']);
    expect(table.unit('u3')).toBeUndefined();
  });
});

describe('lease worker: lineage', () => {
  it('a unit is taken only once its parents are done', () => {
    const table = new MemoryLeaseTable();
    let a!: WorkerRun;
    const list: LeaseUnit[] = [
      { key: 'parent', parents: [] },
      { key: 'child', parents: ['parent'] },
      { key: 'orphan', parents: ['not-a-unit'] },
    ];
    play(5000, () => {
      a = worker(table, 'A', list, { work: (grant) => (grant.key === 'parent' ? grant.save('end', true) : holdUntilAskedBack(grant)) });
    });
    expect(a.events.slice(0, 4)).toEqual(['20 gained parent', '20 gained orphan', '25 done parent', '30 gained child']);
  });

  it('a parent this worker does not list, but whose lease a live worker holds, is not done: the child waits for it', () => {
    const table = new MemoryLeaseTable();
    let a!: WorkerRun;
    const child: LeaseUnit = { key: 'child', parents: ['parent'] };
    play(5000, () => {
      // B lists the parent and works on it until 2000; A's listing left the parent out.
      worker(table, 'B', [{ key: 'parent', parents: [] }, child], {
        work: (grant) => (grant.key === 'parent' ? timer(2000 - asyncScheduler.now()).pipe(mergeMap(() => grant.save('end', true))) : holdUntilAskedBack(grant)),
      });
      a = worker(table, 'A', [child], { startAt: 100 });
    });
    expect(timeOf(a, 'gained child')).toBeGreaterThan(2000);
  });
});
