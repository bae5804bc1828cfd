import { pause } from './concurrent.js';

/** The three DynamoDB Streams calls a hand-written reader makes, in some client's terms. */
export interface StreamLoopCalls {
  /** One DescribeStream page: its shard ids, and where the next page starts. */
  describe(exclusiveStartShardId: string | undefined): Promise<{ shardIds: string[]; lastEvaluatedShardId: string | undefined }>;
  /** A TRIM_HORIZON iterator of a shard. */
  iterator(shardId: string): Promise<string | undefined>;
  /** One GetRecords page, its records converted to native values: how many, and the next iterator. */
  records(iterator: string): Promise<{ count: number; next: string | undefined }>;
}

/**
 * How users read a whole stream with the raw calls: list every shard (DescribeStream to its last
 * page), then read each from TRIM_HORIZON to its end, one after the other in listing order (parents
 * come before their children); a slow consumer waits `pageDelayMs` per page. Resolves to the records seen.
 */
export async function readStreamInOrder(calls: StreamLoopCalls, pageDelayMs = 0): Promise<number> {
  const shardIds: string[] = [];
  let start: string | undefined;
  do {
    const page = await calls.describe(start);
    shardIds.push(...page.shardIds);
    start = page.lastEvaluatedShardId;
  } while (start !== undefined);
  let seen = 0;
  for (const shardId of shardIds) {
    let iterator = await calls.iterator(shardId);
    while (iterator !== undefined) {
      const page = await calls.records(iterator);
      seen += page.count;
      if (pageDelayMs > 0) await pause(pageDelayMs);
      iterator = page.next;
    }
  }
  return seen;
}
