/** How much each section does: the full run (a few minutes) or `--quick` (a faster, noisier pass). */
export interface Plan {
  quick: boolean;
  /** Alternating rounds per measurement; medians are over these. */
  rounds: number;
  /** Calls per round at concurrency 1 and 64. */
  callsC1: number;
  callsC64: number;
  /** Interleaved rounds of the marshall/unmarshall micro-benchmark. */
  marshallRounds: number;
  /** Items per round of the Query/Scan streaming test. */
  streamItems: number;
  /** 100-item pages of the parallel scan (divisible by 8). */
  parallelPages: number;
  batchItems: number;
  batchRounds: number;
  /** Fan-outs of 1,000 reads in a row per round of the fan-out test. */
  fanOutRepeat: number;
  memoryItems: number;
  /** Fresh processes per configuration of the memory test. */
  memoryRuns: number;
  importRuns: number;
  e2eCalls: number;
  /** Queries and Scans in a row per round of the end-to-end test. */
  e2eReads: number;
  e2eRounds: number;
}

const FULL: Plan = {
  quick: false,
  rounds: 5,
  callsC1: 1000,
  callsC64: 3000,
  marshallRounds: 9,
  streamItems: 30_000,
  parallelPages: 24,
  batchItems: 100_000,
  batchRounds: 3,
  fanOutRepeat: 10,
  memoryItems: 1_000_000,
  memoryRuns: 2,
  importRuns: 10,
  e2eCalls: 1000,
  e2eReads: 20,
  e2eRounds: 3,
};

const QUICK: Plan = {
  quick: true,
  rounds: 3,
  callsC1: 600,
  callsC64: 1500,
  marshallRounds: 3,
  streamItems: 6000,
  parallelPages: 16,
  batchItems: 100_000,
  batchRounds: 1,
  fanOutRepeat: 3,
  memoryItems: 1_000_000,
  memoryRuns: 1,
  importRuns: 3,
  e2eCalls: 300,
  e2eReads: 5,
  e2eRounds: 1,
};

/** The plan the command line asks for. */
export function planFor(args: readonly string[]): Plan {
  return args.includes('--quick') ? QUICK : FULL;
}
