/** What happened to a lease: see {@link LeaseEvent}. */
export type LeaseEventType = 'gained' | 'lost' | 'handedBack' | 'done';

/**
 * A change in what one worker holds, emitted by `db.leases$`. `gained`: the worker took the lease (free,
 * handed back, or its holder's heartbeat stopped). `lost`: another worker took it over, or this worker's
 * heartbeat could not be renewed in time; the worker stopped delivering from it at once. `handedBack`:
 * the worker gave it up (unsubscribed, or it held more than its fair share). `done`: its unit of work
 * (a segment) was finished.
 */
export interface LeaseEvent {
  type: LeaseEventType;
  /** The lease table. */
  table: string;
  /** What the workers share, e.g. `scan#Orders#nightly-export` (the lease table's partition key). */
  group: string;
  /** The unit of work, e.g. `segment#7` (the lease table's sort key). */
  leaseKey: string;
  workerId: string;
  /** The lease keys this worker holds after the change, sorted. */
  held: readonly string[];
}
