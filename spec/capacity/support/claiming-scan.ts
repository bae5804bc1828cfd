import { map, timer } from 'rxjs';
import { DynamoDB } from '../../../src/client.js';
import type { DynamoDBOptions } from '../../../src/config/options.js';
import type { Transport } from '../../../src/http/types.js';
import { okResponse } from '../../../src/testing/fixtures.js';

/** The client over a {@link scanClaiming} fake, and the bodies it received. */
export interface ClaimingScan {
  db: DynamoDB;
  received: Record<string, unknown>[];
}

/**
 * A fake DynamoDB answering every Scan, 10 virtual ms after it is sent, with a page of one item (never
 * the last) whose `ConsumedCapacity.CapacityUnits` is the next of `claims` (the last one once they run
 * out), whatever it is: for specs of responses claiming what DynamoDB never reports. Build it inside
 * `TestScheduler.run`.
 */
export function scanClaiming(claims: readonly unknown[], client: DynamoDBOptions = {}): ClaimingScan {
  const received: Record<string, unknown>[] = [];
  const transport: Transport = (request) => {
    received.push(JSON.parse(request.body) as Record<string, unknown>);
    const key = { pk: { S: String(received.length) } };
    const capacityUnits = claims[Math.min(received.length, claims.length) - 1];
    const page = { Items: [key], Count: 1, ScannedCount: 1, LastEvaluatedKey: key, ConsumedCapacity: { TableName: 'Big', CapacityUnits: capacityUnits } };
    return timer(10).pipe(map(() => okResponse(page)));
  };
  const db = new DynamoDB({ transport, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, env: {}, retry: { random: () => 0 }, ...client });
  return { db, received };
}
