import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { InvalidParameterError } from '../errors/client-errors.js';
import { integer, textOfLength, type Reader } from '../input/reader.js';
import { MAX_TIMER_MS } from '../util/max-timer.js';
import { checkedText } from '../marshall/text.js';
import { Refusal } from '../marshall/path.js';
import { optional, required, shape, unknownOption, type Shape } from '../input/shape.js';
import { tableName } from '../input/validate.js';
import type { LeaseOptions, ScanLeaseOptions } from '../operations/lease-options.js';
import { WORKER_PREFIX } from './lease-store.js';
import { PARTITION_KEY_BYTES, SORT_KEY_BYTES } from '../batch/key-schema.js';

/** {@link LeaseOptions} checked, with every default filled in. @internal */
export interface LeaseSettings {
  readonly table: string;
  readonly workerId: string;
  readonly leaseDurationMs: number;
}

/** The defaults of {@link LeaseOptions}. @internal */
export const LEASE_DEFAULTS = { leaseDurationMs: 10_000 } as const;

/** A lease table: a table name, since the table may have to be created (an ARN cannot be). */
const leaseTableName: Reader<string> = (value, path) => {
  if (typeof value === 'string' && value.startsWith('arn:')) throw new InvalidParameterError(path, 'must be a table name, not an ARN: the lease table is created when missing');
  return tableName(value, path);
};

/**
 * Text that goes into a key of the lease table: `min` to `max` characters, which UTF-8 carries unchanged
 * (no lone surrogate) in at most `maxBytes` bytes, so that the key fits DynamoDB's limits and is refused
 * here, before anything is sent (the lease table created), rather than by DynamoDB.
 */
function keyText(min: number, max: number, maxBytes: number, key: string): Reader<string> {
  const length = textOfLength(min, max);
  return (value, path) => {
    const text = length(value, path);
    try {
      checkedText(text);
    } catch (error) {
      throw error instanceof Refusal ? new InvalidParameterError(path, error.problem) : error;
    }
    const bytes = Buffer.byteLength(text);
    if (bytes > maxBytes) throw new InvalidParameterError(path, `must be at most ${maxBytes} bytes in UTF-8 (it goes into the lease table's ${key}), got ${bytes}`);
    return text;
  };
}

/** The longest table name, in bytes (ASCII): a scan's group is `scan#<table>#<scanId>`. */
const TABLE_NAME_BYTES = 255;

const LEASE_FIELDS: Shape<LeaseOptions> = {
  table: required(leaseTableName),
  // A worker's heartbeat is the item `worker#<workerId>`.
  workerId: optional(keyText(1, 256, SORT_KEY_BYTES - WORKER_PREFIX.length, 'sort key')),
  leaseDurationMs: optional(integer(100, MAX_TIMER_MS)),
};
const readLease = shape<LeaseOptions>(LEASE_FIELDS, { unknown: unknownOption });
const readScanLease = shape<ScanLeaseOptions>({ ...LEASE_FIELDS, scanId: required(keyText(1, 1024, PARTITION_KEY_BYTES - 'scan##'.length - TABLE_NAME_BYTES, 'partition key')) }, { unknown: unknownOption });

/** A worker id unique to this subscription: host, process and 8 random characters. */
function defaultWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(6).toString('base64url')}`;
}

function settings(given: LeaseOptions): LeaseSettings {
  return { table: given.table, workerId: given.workerId ?? defaultWorkerId(), leaseDurationMs: given.leaseDurationMs ?? LEASE_DEFAULTS.leaseDurationMs };
}

/** Checks the `lease` option of a leased change stream, found at `path`; fills in the defaults. @internal */
export function readLeaseOptions(value: unknown, path: string): LeaseSettings {
  return settings(readLease(value, path));
}

/** Checks the `lease` option of a leased scan, found at `path`; fills in the defaults. @internal */
export function readScanLeaseOptions(value: unknown, path: string): LeaseSettings & { readonly scanId: string } {
  const given = readScanLease(value, path);
  return { ...settings(given), scanId: given.scanId };
}
