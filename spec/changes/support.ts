import { map, timer, type Observable } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import type { DynamoDBResponse } from '../../src/http/types.js';
import type { FakeCall, StreamRecordInit } from '../../src/testing/index.js';

/** An INSERT of `{ pk: key, n }` at sequence number `sequenceNumber`. */
export function insert(key: string, sequenceNumber: string, n = Number(sequenceNumber)): StreamRecordInit {
  return { eventName: 'INSERT', keys: { pk: key }, newImage: { pk: key, n }, sequenceNumber };
}

/** What identifies a stream request in a log line: its shard, iterator or filter. */
function detail(call: FakeCall): string {
  const body = call.body;
  switch (call.action) {
    case 'GetShardIterator':
      return `${String(body['ShardId'])} ${String(body['ShardIteratorType'])}${body['SequenceNumber'] === undefined ? '' : ` ${String(body['SequenceNumber'])}`}`;
    case 'GetRecords':
      return String(body['ShardIterator']);
    case 'DescribeStream': {
      const filter = body['ShardFilter'] as { ShardId: string } | undefined;
      if (filter) return `children of ${filter.ShardId}`;
      return body['ExclusiveStartShardId'] === undefined ? 'all' : `all after ${String(body['ExclusiveStartShardId'])}`;
    }
    default:
      return call.table ?? '';
  }
}

/**
 * A `timing` for `serveStream` inside `TestScheduler.run`: logs each request as `<time> <action> <detail>`
 * in `lines` and answers it `frames` later.
 */
export function logged(scheduler: TestScheduler, lines: string[], frames = 1): (response: DynamoDBResponse, call: FakeCall) => Observable<DynamoDBResponse> {
  return (response, call) => {
    lines.push(`${scheduler.now()} ${call.action} ${detail(call)}`);
    return timer(frames).pipe(map(() => response));
  };
}

/** Answers the first call matching `matches` with `response`, the rest from the script. */
export function once(matches: (call: FakeCall) => boolean, response: DynamoDBResponse): (call: FakeCall) => DynamoDBResponse | undefined {
  let done = false;
  return (call) => {
    if (done || !matches(call)) return undefined;
    done = true;
    return response;
  };
}
