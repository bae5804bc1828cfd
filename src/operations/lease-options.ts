/**
 * How a worker shares work with other processes through a lease table: the `lease` option of a
 * leased parallel scan and of a leased change stream.
 */
export interface LeaseOptions {
  /**
   * The lease table's name (not an ARN): created with on-demand billing when missing. One table can serve
   * many scans and streams: each shares one partition of it (see the README, "Scale-out").
   */
  table: string;
  /**
   * This worker's id (1 to 256 characters, at most 1017 bytes in UTF-8: it goes into a sort key of the
   * lease table), unique among the workers that share the work (of two running with one id at once, one or both
   * fail with a `ConfigError` within a heartbeat; until then both may deliver the same pages); shown as the owner of its leases.
   * @default `<host name>:<process id>:<8 random characters>`, a new one per subscription
   */
  workerId?: string | undefined;
  /**
   * How long (an integer from 100 to 2147483647 ms) a worker's heartbeat may stay unchanged before its
   * leases are taken over by others. A worker writes its heartbeat every third of this, looks for work
   * every half of it, and stops delivering from its leases once its own last heartbeat is this old.
   * @default 10000 (the Kinesis Client Library's `failoverTimeMillis`)
   */
  leaseDurationMs?: number | undefined;
}

/** The `lease` option of a leased parallel scan: {@link LeaseOptions} and the id of the scan. */
export interface ScanLeaseOptions extends LeaseOptions {
  /**
   * Names the scan the workers share (1 to 1024 characters, at most 1787 bytes in UTF-8: it goes into the
   * lease table's partition key): the same table, `segments` and `scanId` make one scan. Running it again
   * once every worker stopped resumes it; once it is complete, it emits nothing.
   */
  scanId: string;
}
