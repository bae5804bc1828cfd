import type { ChangeReading, ScanMode } from '../clients/types.js';

/** One measured job for a client worker. */
export type Task =
  | { kind: 'get' | 'put'; table: string; n: number; concurrency: number }
  | { kind: 'read'; action: 'Query' | 'Scan'; table: string; segments?: number; repeat?: number; unitsPerSecond?: number }
  | { kind: 'batch'; table: string; n: number; concurrency: number }
  | { kind: 'fanOut'; table: string; n: number; repeat: number }
  | { kind: 'scanThrough'; table: string; mode: ScanMode; pageDelayMs: number }
  /** Read the change stream of `table` (see `data/changes.ts`). */
  | { kind: 'changes'; table: string; reading: ChangeReading };

/** What the harness sends a worker: a task, and where to write a CPU profile of it, if wanted. */
export interface TaskRequest {
  id: number;
  task: Task;
  profilePath?: string;
}

/** What a worker measured while running one task. */
export interface TaskResult {
  /** Items or successful calls, as the client counted them. */
  count: number;
  /** User + system CPU of the whole worker process (all threads) during the task, in µs. */
  cpuUs: number;
  wallMs: number;
  /** Resident set before the task and peak resident set of the process so far, in KB. */
  rssBeforeKb: number;
  maxRssKb: number;
  /** For scans and change streams through a slow consumer: peak JS heap used and peak ArrayBuffer memory (response bytes) during the task, sampled every 10 ms, in KB. */
  peakHeapKb?: number;
  peakArrayBuffersKb?: number;
  /** For the same: the largest heap used just after a full (mark-compact) collection, in KB; 0 when none ran. */
  heapAfterMajorGcKb?: number;
}

/** A worker's messages to the harness. */
export type WorkerMessage = { ready: true } | { id: number; result: TaskResult } | { id: number; error: string };
