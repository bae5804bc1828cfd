// Copy a live table without throttling the traffic it serves: read and write at a share of the tables'
// provisioned capacity (or at given units per second), with a progress line of the units consumed.
//   npx tsx examples/copy-table-gently.ts                      # half of provisioned, both ways
//   npx tsx examples/copy-table-gently.ts --fraction 0.25
//   npx tsx examples/copy-table-gently.ts --read-units 20 --write-units 500
//   npx tsx examples/copy-table-gently.ts --unpaced            # the same copy at full speed, to compare
// Without DYNAMODB_ENDPOINT it makes its own source table (ROWS items) in an embedded dynalite, behind a
// proxy that throttles like DynamoDB once a table's trailing second has consumed its provisioned units.
// With DYNAMODB_ENDPOINT, --source names an existing table; the target is created with its key schema.
import { parseArgs } from 'node:util';
import { firstValueFrom, interval, last, lastValueFrom, map, of, range, reduce, type Observable } from 'rxjs';
import { CapacityBudget, DynamoDB, type CreateTableInput, type DynamoDBOptions, type TableDescription } from '../src/index.js';
import { startFaultProxy, type FaultProxy } from '../spec/support/fault-proxy.js';
import { connect, rows } from './support/connect.js';

const { values: args } = parseArgs({
  options: {
    source: { type: 'string', default: 'Orders' },
    target: { type: 'string' },
    fraction: { type: 'string', default: '0.5' },
    'read-units': { type: 'string' },
    'write-units': { type: 'string' },
    unpaced: { type: 'boolean', default: false },
  },
});
const source = args.source;
const target = args.target ?? `${source}-copy`;
/** The embedded tables' provisioned units: a read unit reads 8 KB (eventually consistent), a write unit writes one small item. */
const EMBEDDED_UNITS = { ReadCapacityUnits: 50, WriteCapacityUnits: 2000 };
/** Retries enough for the unpaced copy to finish through its throttling. */
const PATIENT: DynamoDBOptions = { maxRetries: 30 };

const connection = await connect(PATIENT);
let proxy: FaultProxy | undefined;
let db = connection.db;
if (connection.embedded) {
  await seedSource(connection.db, rows(100_000));
  proxy = await startFaultProxy({ upstream: connection.endpoint });
  proxy.setProvisioned({ readUnitsPerSecond: EMBEDDED_UNITS.ReadCapacityUnits, writeUnitsPerSecond: EMBEDDED_UNITS.WriteCapacityUnits, tables: [source, target] });
  db = new DynamoDB({ endpoint: proxy.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, env: {}, ...PATIENT });
}

await lastValueFrom(db.createTable(copyOf(await firstValueFrom(db.describeTable(source)), target)));
const reads = args.unpaced ? undefined : await firstValueFrom(budget(source, 'read', args['read-units']));
const writes = args.unpaced ? undefined : await firstValueFrom(budget(target, 'write', args['write-units']));

const started = performance.now();
let copied = 0;
const progress = interval(1000).subscribe(() => report(false));
// An unpaced copy may give up (retries exhausted while throttled): say so, with the figures.
const total = await lastValueFrom(
  db
    // The handler returns an Observable, so a copy that stops also cancels the writes in flight.
    .scanPaced(source, { segments: 4, ...(reads ? { capacity: reads } : {}), pacing: { prefetch: 2, concurrency: 4 } }, (page) => {
      const puts = page.items.map((item) => ({ put: item }));
      return db.batchWriteItem({ [target]: puts }, writes ? { capacity: writes } : {}).pipe(
        last(undefined, undefined),
        map(() => {
          copied += puts.length;
          return puts.length;
        }),
      );
    })
    .pipe(reduce((sum, count) => sum + count, 0)),
).catch((error: unknown) => {
  console.log(`the copy stopped: ${error instanceof Error ? error.message : String(error)}`);
  return copied;
});
progress.unsubscribe();
report(true);
const seconds = (performance.now() - started) / 1000;
// Counted around the proxy when there is one, so as not to show in its figures.
const stored = await lastValueFrom(connection.db.scan(target, { select: 'COUNT' }).pipe(reduce((sum, page) => sum + page.count, 0)));
console.log(`copied ${total.toLocaleString('en-US')} items from ${source} to ${target} in ${seconds.toFixed(1)} s (${Math.round(total / seconds).toLocaleString('en-US')} items/s); the copy holds ${stored.toLocaleString('en-US')}`);
if (reads && writes) console.log(`reads ${averageUnits(reads, seconds)} units/s (target ${reads.unitsPerSecond}), writes ${averageUnits(writes, seconds)} units/s (target ${writes.unitsPerSecond})`);
if (proxy) console.log(proxyFigures(proxy));
await proxy?.close();
await connection.close();

/** The budget of `table`'s reads or writes: the units given, else `--fraction` of its provisioned units. */
function budget(table: string, kind: 'read' | 'write', units: string | undefined): Observable<CapacityBudget> {
  if (units !== undefined) return of(new CapacityBudget({ unitsPerSecond: Number(units) }));
  return CapacityBudget.forTable(db, table, { fractionOfProvisioned: Number(args.fraction), kind });
}

/** A table like `description` (its keys, billing and capacity) named `name`. */
function copyOf(description: TableDescription, name: string): CreateTableInput {
  const { ReadCapacityUnits = 0, WriteCapacityUnits = 0 } = description.ProvisionedThroughput ?? {};
  const provisioned = description.BillingModeSummary?.BillingMode !== 'PAY_PER_REQUEST' && ReadCapacityUnits > 0;
  return {
    TableName: name,
    KeySchema: description.KeySchema!,
    AttributeDefinitions: description.AttributeDefinitions!.filter((definition) => description.KeySchema!.some((key) => key.AttributeName === definition.AttributeName)),
    ...(provisioned ? { BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits, WriteCapacityUnits } } : { BillingMode: 'PAY_PER_REQUEST' }),
  };
}

/** The embedded source table: `count` orders of ~200 bytes, loaded straight into dynalite. */
async function seedSource(direct: DynamoDB, count: number): Promise<void> {
  await lastValueFrom(direct.createTable({ TableName: source, KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], ProvisionedThroughput: EMBEDDED_UNITS }));
  const order = (n: number) => ({ put: { id: `o-${n}`, customer: `c-${n % 500}`, total: n % 1000, note: 'x'.repeat(150) } });
  await lastValueFrom(range(0, count).pipe(map(order), direct.bulkWrite(source, { concurrency: 8 })), { defaultValue: undefined });
}

/** Units per second a budget consumed on average over `seconds`. */
function averageUnits(of: CapacityBudget, seconds: number): string {
  return (of.state.consumedUnits / seconds).toFixed(1);
}

/** The progress line: items copied, and each budget's units per second over the trailing second. */
function report(last: boolean): void {
  const rate = (of: CapacityBudget | undefined, name: string) =>
    of ? ` | ${name} ${of.state.consumedUnitsPerSecond.toFixed(1)}/${of.state.effectiveUnitsPerSecond.toFixed(0)} units/s` : '';
  const throttled = (reads?.state.throttledRequests ?? 0) + (writes?.state.throttledRequests ?? 0);
  const line = `copying: ${copied.toLocaleString('en-US')} items${rate(reads, 'reads')}${rate(writes, 'writes')}${reads ? ` | throttled ${throttled}` : ''}`;
  process.stderr.write(process.stderr.isTTY ? `\r${line}${last ? '\n' : ''}` : `${line}\n`);
}

/**
 * What the proxy saw: units per whole second after the first (median, min to max, and how many seconds
 * were within ±20% of the budget's target), and throttled requests.
 */
function proxyFigures({ stats: { throughput } }: FaultProxy): string {
  const whole = throughput.seconds.slice(1, -1);
  const spread = (kind: 'read' | 'write', of: CapacityBudget | undefined): string => {
    const units = whole.map((second) => second[kind]).sort((a, b) => a - b);
    if (units.length === 0) return 'n/a';
    const near = of ? `, ${units.filter((u) => Math.abs(u - of.unitsPerSecond) <= 0.2 * of.unitsPerSecond).length} of ${units.length} within ±20% of the target` : '';
    return `median ${units[units.length >> 1]} (${units[0]}-${units.at(-1)})${near}`;
  };
  return (
    `at the provisioned proxy (${EMBEDDED_UNITS.ReadCapacityUnits} read / ${EMBEDDED_UNITS.WriteCapacityUnits} write units/s), per whole second after the first: ` +
    `read units ${spread('read', reads)}; write units ${spread('write', writes)}; ${throughput.throttled} of ${throughput.forwarded + throughput.throttled} requests throttled`
  );
}
