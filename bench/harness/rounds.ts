import type { ClientName } from '../clients/types.js';
import type { Worker } from './child.js';
import type { Task, TaskResult } from './protocol.js';
import type { Row } from './report.js';
import { median, relativeSpread } from './stats.js';

/** Each client's results, one per round. */
export type RoundResults = Partial<Record<ClientName, TaskResult[]>>;

/** One measured job of a round: `task` on `worker`, its results filed under `key`. */
export interface Contestant<K extends string> {
  key: K;
  worker: Worker;
  task: Task;
}

/**
 * Runs each contestant's task in turn, A B C A B C ..., for `rounds` rounds: only one is busy at a
 * time. Fails when a task counts other than `expected` items or calls.
 */
export async function alternateContestants<K extends string>(contestants: readonly Contestant<K>[], rounds: number, expected: number): Promise<Map<K, TaskResult[]>> {
  const results = new Map<K, TaskResult[]>(contestants.map(({ key }) => [key, []]));
  for (let round = 0; round < rounds; round++) {
    for (const { key, worker, task } of contestants) {
      const result = await worker.run(task);
      if (result.count !== expected) throw new Error(`${worker.client} ${task.kind}: counted ${result.count}, expected ${expected}`);
      results.get(key)!.push(result);
    }
  }
  return results;
}

/**
 * Runs `task` on every worker in turn, A B C A B C ..., for `rounds` rounds, after one run of
 * `warmup` each (not recorded): only one client is busy at a time. Fails when a client counts
 * other than `expected` items or calls.
 */
export async function alternate(workers: readonly Worker[], task: Task, rounds: number, expected: number, warmup: Task = task): Promise<RoundResults> {
  for (const worker of workers) await worker.run(warmup);
  const results = await alternateContestants(
    workers.map((worker) => ({ key: worker.client, worker, task })),
    rounds,
    expected,
  );
  return Object.fromEntries(results) as RoundResults;
}

/** A row's figures: the median over rounds per client, and the widest spread of any client. */
export function summarize(results: RoundResults, figure: (result: TaskResult) => number): Pick<Row, 'values' | 'spread'> {
  const values: Partial<Record<ClientName, number>> = {};
  let spread = 0;
  for (const [client, list] of Object.entries(results) as [ClientName, TaskResult[]][]) {
    const figures = list.map(figure);
    values[client] = median(figures);
    spread = Math.max(spread, relativeSpread(figures));
  }
  return { values, spread };
}

/** CPU µs per counted call or item. */
export const cpuPerUnit = (result: TaskResult) => result.cpuUs / result.count;
/** Counted calls or items per wall-clock second. */
export const perSecond = (result: TaskResult) => (result.count * 1000) / result.wallMs;
