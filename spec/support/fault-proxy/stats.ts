import { FAULT_KINDS, type FaultKind } from './faults.js';
import { emptyThroughput, type ThroughputStats } from './provisioned.js';

/** Counters for one action, or for all. */
export interface FaultCounts {
  /** Requests received (counted when their headers arrive). */
  requests: number;
  /** Requests sent on to the upstream (an `unprocessed` fault forwards a shortened one). */
  forwarded: number;
  /** Faults injected, by kind. */
  faults: Record<FaultKind, number>;
}

/** What happened to one fully received request, in the order the decisions were made. */
export interface FaultDecision {
  action: string;
  fault: FaultKind | null;
}

/**
 * Proxy counters: totals, per `X-Amz-Target` action (`''` when absent), the decision log, and the provisioned
 * mode's ledger (a throttle of that mode counts as a `throttle` fault too).
 */
export interface FaultStats extends FaultCounts {
  byAction: Record<string, FaultCounts>;
  log: FaultDecision[];
  /** Per second since `setProvisioned`: units consumed, requests forwarded and throttled by the provisioned mode. */
  throughput: ThroughputStats;
}

function emptyCounts(): FaultCounts {
  const faults = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>;
  return { requests: 0, forwarded: 0, faults };
}

/** Fresh, all-zero stats. */
export function emptyStats(): FaultStats {
  return { ...emptyCounts(), byAction: {}, log: [], throughput: emptyThroughput() };
}

/** Applies `bump` to the totals and to the action's counters. */
export function count(stats: FaultStats, action: string, bump: (counts: FaultCounts) => void): void {
  bump(stats);
  bump((stats.byAction[action] ??= emptyCounts()));
}
