import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { InvalidParameterError } from '../errors/client-errors.js';
import { integer, textOfLength, type Reader } from '../input/reader.js';
import { optional, required, shape, unknownOption, type Shape } from '../input/shape.js';
import { tableName } from '../input/validate.js';
import type { LeaseOptions, ScanLeaseOptions } from '../operations/lease-options.js';

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

const LEASE_FIELDS: Shape<LeaseOptions> = {
  table: required(leaseTableName),
  workerId: optional(textOfLength(1, 256)),
  leaseDurationMs: optional(integer(100, 2 ** 31 - 1)),
};
const readLease = shape<LeaseOptions>(LEASE_FIELDS, { unknown: unknownOption });
const readScanLease = shape<ScanLeaseOptions>({ ...LEASE_FIELDS, scanId: required(textOfLength(1, 1024)) }, { unknown: unknownOption });

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
