import { defer, map, type Observable } from 'rxjs';
import { ConfigError } from '../errors/client-errors.js';
import { literal, text } from '../input/reader.js';
import { optional, required, shape, unknownOption } from '../input/shape.js';
import { tableName } from '../input/validate.js';
import type { OnDemandThroughput, ProvisionedThroughputDescription, TableDescription } from '../tables/types.js';

/** Options of {@link provisionedUnits}. */
export interface ProvisionedUnitsOptions {
  /** Which capacity: `'read'` (queries, scans, reads) or `'write'` (writes). */
  kind: 'read' | 'write';
  /**
   * A secondary index: a global one has its own capacity; a local one shares the table's.
   * @default the table itself
   */
  index?: string | undefined;
}

/** Anything that describes tables: a `DynamoDB` client. */
export interface TableDescriber {
  describeTable(table: string): Observable<TableDescription>;
}

const readOptions = shape<ProvisionedUnitsOptions>(
  { kind: required(literal<ProvisionedUnitsOptions['kind']>({ read: true, write: true }), "is required: 'read' or 'write'"), index: optional(text) },
  { unknown: unknownOption },
);

/** The figures of one table or global secondary index, and how to name it in an error. */
interface Capacity {
  name: string;
  /** Whether the table is billed on demand (its provisioned figures, zeros, then mean nothing). */
  onDemand: boolean;
  provisioned: ProvisionedThroughputDescription | undefined;
  maximum: OnDemandThroughput | undefined;
}

/**
 * Emits, once, the capacity units per second a table (or one of its indexes) can serve, read from
 * DescribeTable, for pacing a job at a fraction of it: the provisioned read or write capacity units of a
 * provisioned table (or of the global secondary index; a local secondary index shares the table's). An
 * on-demand table (`BillingMode` `PAY_PER_REQUEST`) has no such figure: its maximum read or write request
 * units per second (`OnDemandThroughput`, the index's own for a global secondary index) stand in when set;
 * without one the call fails with a `ConfigError` naming the table (and index) and the setting, as it does
 * for an index the table does not have. A bad argument is an `InvalidParameterError` before anything is sent.
 * @example
 * provisionedUnits(db, 'Orders', { kind: 'read' }).pipe(switchMap((units) => db.scan('Orders', { capacity: { unitsPerSecond: units / 2 } })))
 */
export function provisionedUnits(db: TableDescriber, table: string, options: ProvisionedUnitsOptions): Observable<number> {
  return defer(() => {
    const name = tableName(table);
    const { kind, index } = readOptions(options, 'options');
    return db.describeTable(name).pipe(map((description) => unitsOf(capacityOf(description, name, index), kind)));
  });
}

/** The figures that apply to `index` of the table described (the table's own without one, or for a local index). */
function capacityOf(description: TableDescription, table: string, index: string | undefined): Capacity {
  const onDemand = description.BillingModeSummary?.BillingMode === 'PAY_PER_REQUEST';
  const own = (name: string, provisioned: ProvisionedThroughputDescription | undefined, maximum: OnDemandThroughput | undefined): Capacity => ({
    name,
    onDemand,
    provisioned,
    maximum,
  });
  const tableCapacity = own(`table "${table}"`, description.ProvisionedThroughput, description.OnDemandThroughput);
  if (index === undefined) return tableCapacity;
  const global = description.GlobalSecondaryIndexes?.find((candidate) => candidate.IndexName === index);
  if (global) return own(`index "${index}" of table "${table}"`, global.ProvisionedThroughput, global.OnDemandThroughput);
  if (description.LocalSecondaryIndexes?.some((candidate) => candidate.IndexName === index)) return tableCapacity;
  const names = [...(description.GlobalSecondaryIndexes ?? []), ...(description.LocalSecondaryIndexes ?? [])].map((i) => `"${i.IndexName}"`);
  throw new ConfigError(`table "${table}" has no index "${index}"; ${names.length > 0 ? `its indexes: ${names.join(', ')}` : 'it has no secondary indexes'}`);
}

/** The provisioned units of `kind`, else the on-demand maximum; a `ConfigError` when there is neither. */
function unitsOf({ name, onDemand, provisioned, maximum }: Capacity, kind: ProvisionedUnitsOptions['kind']): number {
  const units = onDemand ? undefined : kind === 'read' ? provisioned?.ReadCapacityUnits : provisioned?.WriteCapacityUnits;
  if (units !== undefined && units > 0) return units;
  const setting = kind === 'read' ? 'MaxReadRequestUnits' : 'MaxWriteRequestUnits';
  const max = maximum?.[setting];
  if (max !== undefined && max > 0) return max;
  if (!onDemand) throw new ConfigError(`${name} reports no provisioned ${kind} capacity units: give the capacity in units per second instead`);
  throw new ConfigError(
    `${name} is on demand (BillingMode PAY_PER_REQUEST) with no maximum ${kind} throughput (OnDemandThroughput.${setting}): ` +
      'give the capacity in units per second instead, or set that maximum with updateTable',
  );
}
