import { pause } from './concurrent.js';

/** A shard as DescribeStream lists it. */
export interface ListedShard {
  shardId: string;
  parentShardId: string | undefined;
}

/** The three DynamoDB Streams calls a hand-written reader makes, in some client's terms. */
export interface StreamLoopCalls {
  /** One DescribeStream page: its shards, and where the next page starts. */
  describe(exclusiveStartShardId: string | undefined): Promise<{ shards: ListedShard[]; lastEvaluatedShardId: string | undefined }>;
  /** A TRIM_HORIZON iterator of a shard. */
  iterator(shardId: string): Promise<string | undefined>;
  /** One GetRecords page, its records converted to native values: how many, and the next iterator. */
  records(iterator: string): Promise<{ count: number; next: string | undefined }>;
}

/**
 * How users read a whole stream with the raw calls: list every shard (DescribeStream to its last
 * page), then read each lineage (a shard with no parent, then its child, ...) from TRIM_HORIZON to
 * its end, `concurrency` lineages at once (one: a shard after the other); a slow consumer waits
 * `pageDelayMs` per page. Resolves to the records seen.
 */
export async function readStreamLoop(calls: StreamLoopCalls, concurrency: number, pageDelayMs: number): Promise<number> {
  const shards: ListedShard[] = [];
  let start: string | undefined;
  do {
    const page = await calls.describe(start);
    shards.push(...page.shards);
    start = page.lastEvaluatedShardId;
  } while (start !== undefined);
  const childOf = new Map(shards.filter((shard) => shard.parentShardId !== undefined).map((shard) => [shard.parentShardId!, shard.shardId]));
  const roots = shards.filter((shard) => shard.parentShardId === undefined).map((shard) => shard.shardId);
  let seen = 0;
  const readShard = async (shardId: string): Promise<void> => {
    let iterator = await calls.iterator(shardId);
    while (iterator !== undefined) {
      const page = await calls.records(iterator);
      seen += page.count;
      if (pageDelayMs > 0) await pause(pageDelayMs);
      iterator = page.next;
    }
  };
  const readLineages = async (): Promise<void> => {
    for (let root = roots.shift(); root !== undefined; root = roots.shift()) {
      for (let shardId: string | undefined = root; shardId !== undefined; shardId = childOf.get(shardId)) await readShard(shardId);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, readLineages));
  return seen;
}
