import { asyncScheduler, concatMap, defer, map, merge, range, timer, type Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { CapacityBudget, ledgerOf, type CapacityBudgetOptions } from '../../src/capacity/capacity-budget.js';
import type { SendHooks } from '../../src/call/send.js';
import { spend } from '../../src/capacity/spend.js';
import { InvalidParameterError } from '../../src/errors/client-errors.js';
import { marbleScheduler } from '../support/marble-scheduler.js';

/**
 * `count` requests one after the other on `budget`, each reserving `estimate` units and answered `latency`
 * ms after it starts with `consumed(n)` units; emits each request's start time.
 */
function requests(budget: CapacityBudget, count: number, consumed: (n: number) => number, { estimate = 0, latency = 10 } = {}): Observable<number> {
  return range(0, count).pipe(
    concatMap((n) => {
      let startedAt = 0;
      // Like send, the request tells when it goes on the wire: at once.
      const request = (hooks: SendHooks) =>
        defer(() => {
          startedAt = asyncScheduler.now();
          hooks.onAttempt?.();
          return timer(latency).pipe(map(() => consumed(n)));
        });
      return spend(ledgerOf(budget), estimate, request, (units) => units).pipe(map(() => startedAt));
    }),
  );
}

/** Runs `body` in virtual time and returns what it returns once every timer has fired. */
function inVirtualTime<T>(body: () => T): T {
  let result!: T;
  marbleScheduler().run(({ flush }) => {
    result = body();
    flush();
  });
  return result;
}

/** The start times that `streams` of requests on a fresh budget of `options` emit, in virtual time. */
function startTimes(options: CapacityBudgetOptions, streams: (budget: CapacityBudget) => Observable<number>): number[] {
  return inVirtualTime(() => {
    const starts: number[] = [];
    streams(new CapacityBudget(options)).subscribe((at) => starts.push(at));
    return starts;
  });
}

describe('CapacityBudget', () => {
  it('refuses a bad rate or option with an InvalidParameterError naming it', () => {
    const bad: [unknown, string][] = [
      [{ unitsPerSecond: 0 }, 'options.unitsPerSecond'],
      [{ unitsPerSecond: -5 }, 'options.unitsPerSecond'],
      [{ unitsPerSecond: Number.NaN }, 'options.unitsPerSecond'],
      [{ unitsPerSecond: Infinity }, 'options.unitsPerSecond'],
      [{ unitsPerSecond: '100' }, 'options.unitsPerSecond'],
      [{}, 'options.unitsPerSecond'],
      [{ unitsPerSecond: 10, burstSeconds: -1 }, 'options.burstSeconds'],
      [{ unitsPerSecond: 10, burstSeconds: Infinity }, 'options.burstSeconds'],
      [{ unitsPerSecond: 10, rate: 5 }, 'options.rate'],
      [undefined, 'options'],
      [100, 'options'],
    ];
    for (const [options, parameter] of bad) {
      let error: unknown;
      try {
        new CapacityBudget(options as never);
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(options)).toBeInstanceOf(InvalidParameterError);
      expect((error as InvalidParameterError).parameter).toBe(parameter);
    }
    expect(new CapacityBudget({ unitsPerSecond: 0.5, burstSeconds: 0 })).toMatchObject({ unitsPerSecond: 0.5, burstSeconds: 0 });
    expect(new CapacityBudget({ unitsPerSecond: 10 }).burstSeconds).toBe(0.5);
  });

  it('delays the next request until the debt of a large response is paid off', () => {
    // 2 units, then 50 units (5 s of budget), then 1 unit.
    const starts = startTimes({ unitsPerSecond: 10, burstSeconds: 0 }, (budget) => requests(budget, 3, (n) => [2, 50, 1][n]!));
    // The first goes at once; its 2 units, answered at 10 ms, are paid off at 210 ms; the 50 units answered at 220 ms, at 5,220 ms.
    expect(starts).toEqual([0, 210, 5220]);
  });

  it('lets a burst allowance go at once after an idle spell, then paces', () => {
    const starts = startTimes({ unitsPerSecond: 10, burstSeconds: 1 }, (budget) => requests(budget, 5, () => 5, { latency: 0 }));
    // 10 units of burst: three requests at once (the third starts at a balance of 0, no debt yet), then one every 500 ms.
    expect(starts).toEqual([0, 0, 0, 500, 1000]);
  });

  it('reserves the estimate as a request starts, so requests in flight together do not all go at once', () => {
    // Three callers at once, each estimating and consuming 1 unit (100 ms of budget), answered after 1 s.
    const starts = startTimes({ unitsPerSecond: 10, burstSeconds: 0 }, (budget) => merge(...[0, 1, 2].map(() => requests(budget, 1, () => 1, { estimate: 1, latency: 1000 }))));
    expect(starts).toEqual([0, 100, 200]);
  });

  it('settles the difference between the estimate and what was consumed', () => {
    // Estimated 5 units but consumed 1: the refund ends the wait of the second at 100 ms, not 500 ms.
    const twice = (budget: CapacityBudget) => merge(requests(budget, 1, () => 1, { estimate: 5, latency: 0 }), requests(budget, 1, () => 1, { estimate: 5, latency: 0 }));
    const starts = startTimes({ unitsPerSecond: 10, burstSeconds: 0 }, twice);
    expect(starts).toEqual([0, 100]);
  });

  it('charges nothing for a response that does not say what it consumed (a server other than DynamoDB)', () => {
    const balances = inVirtualTime(() => {
      const budget = new CapacityBudget({ unitsPerSecond: 10, burstSeconds: 0 });
      const balances: number[] = [];
      spend(ledgerOf(budget), 5, () => timer(0).pipe(map(() => 'answer')), () => undefined).subscribe(() => balances.push(budget.state.balanceUnits, budget.state.consumedUnits));
      return balances;
    });
    expect(balances).toEqual([0, 0]);
  });

  it('shares one budget first come, first served: two callers alternate', () => {
    const turns = inVirtualTime(() => {
      const budget = new CapacityBudget({ unitsPerSecond: 10, burstSeconds: 0 });
      const turns: string[] = [];
      requests(budget, 5, () => 1).subscribe(() => turns.push('a'));
      requests(budget, 5, () => 1).subscribe(() => turns.push('b'));
      return turns;
    });
    expect(turns.join('')).toBe('ababababab');
  });

  it('takes turns round robin between callers, first come first served within one', () => {
    const turns = inVirtualTime(() => {
      const ledger = ledgerOf(new CapacityBudget({ unitsPerSecond: 10, burstSeconds: 0 }));
      const turns: string[] = [];
      const [many, few] = [{}, {}];
      const request = (name: string, caller: object) => spend(ledger, 1, () => timer(0).pipe(map(() => 1)), (units) => units, caller).subscribe(() => turns.push(name));
      // The first takes the balance into debt; then `many` queues four requests before `few` queues two.
      request('m0', many);
      for (const name of ['m1', 'm2', 'm3', 'm4']) request(name, many);
      for (const name of ['f1', 'f2']) request(name, few);
      return turns;
    });
    expect(turns).toEqual(['m0', 'm1', 'f1', 'm2', 'f2', 'm3', 'm4']);
  });

  it('lowers the effective rate on a throttle, once per second, holds it a second, then recovers it linearly', () => {
    const seen = inVirtualTime(() => {
      const budget = new CapacityBudget({ unitsPerSecond: 100 });
      const ledger = ledgerOf(budget);
      const seen: number[] = [];
      const at = (ms: number, act: () => void) => asyncScheduler.schedule(act, ms);
      const look = () => seen.push(Math.round(budget.state.effectiveUnitsPerSecond * 100) / 100);
      at(0, () => ledger.throttled());
      at(0, look); // 70
      at(500, () => ledger.throttled()); // within the cooldown: no change
      at(500, look); // held at 70
      at(1000, () => ledger.throttled()); // 70 * 0.7
      at(1000, look); // 49
      at(3000, look); // climbing since 2,000 ms by 5 units/s per second: 54
      at(20_000, look); // back at the target
      return seen;
    });
    expect(seen).toEqual([70, 70, 49, 54, 100]);
  });

  it('never lowers the rate below 1% of the target', () => {
    const rate = inVirtualTime(() => {
      const budget = new CapacityBudget({ unitsPerSecond: 100 });
      for (let second = 0; second < 30; second++) asyncScheduler.schedule(() => ledgerOf(budget).throttled(), second * 1000);
      const rate: number[] = [];
      asyncScheduler.schedule(() => rate.push(budget.state.effectiveUnitsPerSecond), 29_000);
      return rate;
    });
    expect(rate).toEqual([1]);
  });

  it('a throttle forfeits any credit, and none accrues until a second passed without one', () => {
    const balances = inVirtualTime(() => {
      const budget = new CapacityBudget({ unitsPerSecond: 10, burstSeconds: 1 });
      const balances: number[] = [];
      const look = (ms: number) => asyncScheduler.schedule(() => balances.push(budget.state.balanceUnits), ms);
      look(0); // the full burst allowance
      asyncScheduler.schedule(() => ledgerOf(budget).throttled(), 1);
      look(500);
      look(1500); // 499 ms at 7 units/s, climbing by 0.5 units/s per second since 1,001 ms
      look(60_000);
      return balances;
    });
    expect(balances[0]).toBe(10);
    expect(balances[1]).toBe(0);
    expect(balances[2]).toBeCloseTo(7 * 0.499 + ((0.0005 * 499) / 2) * 0.499, 6);
    expect(balances[3]).toBe(10);
  });

  it('paces to the lowered rate: after a throttle, requests are spaced further apart', () => {
    const starts = startTimes({ unitsPerSecond: 10, burstSeconds: 0 }, (budget) => {
      ledgerOf(budget).throttled(); // 7 units/s from now, climbing by 0.5 units/s per second
      return requests(budget, 3, () => 7, { latency: 0 });
    });
    // 7 units at 7 units/s: one request a second rather than one every 700 ms.
    expect(starts).toEqual([0, 1000, 2000]);
  });

  it('reports its state on subscribe and after every response and throttle', () => {
    const states = inVirtualTime(() => {
      const budget = new CapacityBudget({ unitsPerSecond: 10, burstSeconds: 0 });
      const states: unknown[] = [];
      budget.state$.subscribe((state) => states.push(state));
      requests(budget, 2, () => 4, { latency: 0 }).subscribe();
      return states;
    });
    expect(states).toEqual([
      { targetUnitsPerSecond: 10, effectiveUnitsPerSecond: 10, consumedUnitsPerSecond: 0, consumedUnits: 0, throttledRequests: 0, balanceUnits: 0, waitingRequests: 0 },
      { targetUnitsPerSecond: 10, effectiveUnitsPerSecond: 10, consumedUnitsPerSecond: 4, consumedUnits: 4, throttledRequests: 0, balanceUnits: -4, waitingRequests: 0 },
      { targetUnitsPerSecond: 10, effectiveUnitsPerSecond: 10, consumedUnitsPerSecond: 8, consumedUnits: 8, throttledRequests: 0, balanceUnits: -4, waitingRequests: 0 },
    ]);
  });

  it('a request unsubscribed while waiting leaves the queue and its timer', () => {
    const result = inVirtualTime(() => {
      const budget = new CapacityBudget({ unitsPerSecond: 10, burstSeconds: 0 });
      const starts: number[] = [];
      requests(budget, 1, () => 10, { estimate: 10 }).subscribe();
      const waiting = requests(budget, 1, () => 1, { latency: 0 }).subscribe((at) => starts.push(at));
      const before = budget.state.waitingRequests;
      waiting.unsubscribe();
      return { before, after: budget.state.waitingRequests, starts };
    });
    expect(result).toEqual({ before: 1, after: 0, starts: [] });
  });

  it('a request unsubscribed after it started keeps its estimate charged (DynamoDB may have served it); one unsubscribed while waiting is charged nothing', () => {
    const result = inVirtualTime(() => {
      const budget = new CapacityBudget({ unitsPerSecond: 10, burstSeconds: 0 });
      const starts: number[] = [];
      // Sent at 0 with 5 units reserved, cancelled at 10 ms before its answer (at 1 s).
      const sent = requests(budget, 1, () => 5, { estimate: 5, latency: 1000 }).subscribe();
      // Waiting behind it, cancelled at 10 ms too, before its turn.
      const queued = requests(budget, 1, () => 5, { estimate: 5 }).subscribe();
      requests(budget, 1, () => 1, { latency: 0 }).subscribe((at) => starts.push(at));
      asyncScheduler.schedule(() => [sent, queued].forEach((subscription) => subscription.unsubscribe()), 10);
      return { budget, starts };
    });
    // The cancelled request's 5 units take 500 ms to pay off; the queued one added nothing to wait for.
    expect(result.starts).toEqual([500]);
    expect(result.budget.state).toMatchObject({ consumedUnits: 1, waitingRequests: 0 });
  });
});
