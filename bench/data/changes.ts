/**
 * The change stream of the "change stream" benchmark: a finite stream of closed shards, described
 * entirely by its table's name so that every client sends its ordinary calls and the canned server
 * still knows what to answer (as `tables.ts` does for paged tables):
 * `bench_stream_<partitions>x<generations>_<records per shard>`, e.g. `bench_stream_25x2_2000`.
 * Each partition is one lineage: a shard, then its child (a shard closes every few hours in DynamoDB
 * Streams), then the child's child...; every shard is closed and holds the same number of records.
 */

/** A stream's shape. */
export interface StreamLayout {
  /** Independent lineages (the table's partitions), read concurrently where a client can. */
  partitions: number;
  /** Shards in each lineage, each the child of the one before. */
  generations: number;
  /** Records in each shard. */
  perShard: number;
}

/** Records per full GetRecords page, DynamoDB Streams' maximum. */
export const RECORDS_PER_PAGE = 1000;

/** Every record in the stream. */
export const streamRecords = (layout: StreamLayout) => layout.partitions * layout.generations * layout.perShard;

/** The table name that stands for `layout`. */
export function streamTableName(layout: StreamLayout): string {
  return `bench_stream_${layout.partitions}x${layout.generations}_${layout.perShard}`;
}

/** The ARN of the stream of a table named by {@link streamTableName}. */
export const streamArnOf = (table: string) => `arn:aws:dynamodb:us-east-1:123456789012:table/${table}/stream/2026-01-01T00:00:00.000`;

const ARN = /^arn:aws:dynamodb:us-east-1:123456789012:table\/bench_stream_(\d+)x(\d+)_(\d+)\/stream\/2026-01-01T00:00:00\.000$/;

/** The layout a stream ARN stands for, or undefined when it is not one of {@link streamArnOf}. */
export function parseStreamArn(arn: string): StreamLayout | undefined {
  const match = ARN.exec(arn);
  return match ? { partitions: Number(match[1]), generations: Number(match[2]), perShard: Number(match[3]) } : undefined;
}

/** A shard of a layout: its lineage (partition) and generation. */
export interface ShardPlace {
  partition: number;
  generation: number;
}

/** A shard id in DynamoDB Streams' form (`shardId-<20 digits>-<8 hex>`), encoding where the shard is. */
export const shardIdOf = ({ partition, generation }: ShardPlace) =>
  `shardId-${String(1_705_300_000_000 + generation).padStart(20, '0')}-${partition.toString(16).padStart(8, '0')}`;

const SHARD_ID = /^shardId-(\d{20})-([0-9a-f]{8})$/;

/** Where a shard id of {@link shardIdOf} is, or undefined when it is none of `layout`'s. */
export function parseShardId(shardId: string, layout: StreamLayout): ShardPlace | undefined {
  const match = SHARD_ID.exec(shardId);
  if (!match) return undefined;
  const place = { partition: parseInt(match[2]!, 16), generation: Number(match[1]) - 1_705_300_000_000 };
  return place.partition < layout.partitions && place.generation >= 0 && place.generation < layout.generations ? place : undefined;
}

/** Sequence numbers are `44` and this many digits of the record's ordinal (26 digits, as long as DynamoDB Streams' often are). */
export const ORDINAL_DIGITS = 24;

/** Where record `index` of a shard is in the whole stream: shards of later generations come after. */
export const recordOrdinal = (layout: StreamLayout, { partition, generation }: ShardPlace, index: number) => (generation * layout.partitions + partition) * layout.perShard + index;

/** The sequence number of record `index` of a shard: it grows within a shard and from parent to child. */
export const sequenceNumberOf = (layout: StreamLayout, place: ShardPlace, index: number) => `44${String(recordOrdinal(layout, place, index)).padStart(ORDINAL_DIGITS, '0')}`;

const customer = (i: number) => ({ name: 'Ada King', city: i % 2 ? 'London' : 'Paris', tier: i % 5 === 0 ? 'gold' : 'standard' });

/** The key of the item changed by record `i` of a page. */
export const changedKey = (i: number) => ({ pk: `CUSTOMER#${String(i % 97).padStart(6, '0')}`, sk: `ORDER#2024-01-15#${String(i).padStart(6, '0')}` });

/** An image of the changed item: 10 attributes (strings, integers, decimals, a map), `version` its revision. */
export const changedImage = (i: number, version: number) => ({
  ...changedKey(i),
  status: ['PENDING', 'PAID', 'SHIPPED', 'DELIVERED'][version % 4]!,
  total: 129.99 + i + version,
  itemCount: 1 + (i % 7),
  currency: 'EUR',
  createdAt: 1705314600000 + i,
  updatedAt: 1705314600000 + i + version * 60_000,
  customer: customer(i),
  version,
});

/** What record `i` of a page is: mostly updates, some inserts and deletes, now and then a deletion by time to live. */
export function eventOf(i: number): 'INSERT' | 'MODIFY' | 'REMOVE' | 'TTL' {
  if (i % 10 === 0) return 'INSERT';
  if (i % 100 === 99) return 'TTL';
  return i % 10 === 9 ? 'REMOVE' : 'MODIFY';
}
