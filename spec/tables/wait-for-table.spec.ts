import { of, retry, throwError } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { DynamoDB } from '../../src/client.js';
import type { DynamoDBError } from '../../src/errors/dynamodb-error.js';
import type { DynamoDBResponse, Transport } from '../../src/http/types.js';
import type { TableDescription } from '../../src/tables/types.js';
import { errorResponse, okResponse } from '../../src/testing/fixtures.js';
import { marbleScheduler } from '../support/marble-scheduler.js';

const client = (transport: Transport) => new DynamoDB({ transport, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, env: {} });
const described = (TableStatus: string, indexStatus?: string) =>
  okResponse({ Table: { TableName: 'Orders', TableStatus, ...(indexStatus ? { GlobalSecondaryIndexes: [{ IndexName: 'g', IndexStatus: indexStatus }] } : {}) } });
const notFound = errorResponse('ResourceNotFoundException', 'Requested resource not found');

/** A transport answering DescribeTable with `responses` in turn (each after one frame). */
function describing(cold: TestScheduler['createColdObservable'], responses: DynamoDBResponse[]): Transport {
  let call = 0;
  return () => cold('-(r|)', { r: responses[Math.min(call++, responses.length - 1)]! });
}

describe('waitForTable', () => {
  it('polls with doubling delays until the table and its indexes are ACTIVE, then emits the description', () => {
    marbleScheduler().run(({ cold, expectObservable }) => {
      const transport = describing(cold.bind(null) as never, [notFound, described('CREATING'), described('ACTIVE', 'CREATING'), described('ACTIVE', 'ACTIVE')]);
      // polls answer at 1, 252 (+250), 753 (+500), 1754 (+1000)
      expectObservable(client(transport).waitForTable('Orders', { status: 'ACTIVE' })).toBe('1754ms (d|)', {
        d: { TableName: 'Orders', TableStatus: 'ACTIVE', GlobalSecondaryIndexes: [{ IndexName: 'g', IndexStatus: 'ACTIVE' }] },
      });
    });
  });

  it('completes without a value once the table is gone, for DELETED', () => {
    marbleScheduler().run(({ cold, expectObservable }) => {
      const transport = describing(cold.bind(null) as never, [described('DELETING'), notFound]);
      expectObservable(client(transport).waitForTable('Orders', { status: 'DELETED', delayMs: 100 })).toBe('102ms |');
    });
  });

  it('caps the delay at maxDelayMs and gives up with a DynamoDBTimeoutError after timeoutMs', () => {
    marbleScheduler().run(({ cold, expectObservable }) => {
      const transport = describing(cold.bind(null) as never, [described('CREATING')]);
      expectObservable(client(transport).waitForTable('Orders', { status: 'ACTIVE', timeoutMs: 10_000, maxDelayMs: 2000 })).toBe(
        '10000ms #',
        undefined,
        expect.objectContaining({ name: 'DynamoDBTimeoutError', action: 'DescribeTable', retryable: false, message: 'DescribeTable: table Orders did not become ACTIVE within 10000 ms' }),
      );
    });
  });

  it('giving up is not retryable: a retry() that follows `retryable` does not wait a second time', () => {
    marbleScheduler().run(({ cold, expectObservable }) => {
      const transport = describing(cold.bind(null) as never, [described('CREATING')]);
      const retryingRetryable = retry<TableDescription>({ count: 1, delay: (error: DynamoDBError) => (error.retryable ? of(0) : throwError(() => error)) });
      expectObservable(client(transport).waitForTable('Orders', { status: 'ACTIVE', timeoutMs: 10_000 }).pipe(retryingRetryable)).toBe(
        '10000ms #',
        undefined,
        expect.objectContaining({ name: 'DynamoDBTimeoutError', retryable: false }),
      );
    });
  });

  it('passes other errors through at once', () => {
    marbleScheduler().run(({ cold, expectObservable }) => {
      const transport = describing(cold.bind(null) as never, [errorResponse('AccessDeniedException', 'no')]);
      expectObservable(client(transport).waitForTable('Orders', { status: 'ACTIVE' })).toBe('-#', undefined, expect.objectContaining({ name: 'AccessDeniedException' }));
    });
  });

  it('requires a valid status', () => {
    marbleScheduler().run(({ cold, expectObservable }) => {
      const transport = describing(cold.bind(null) as never, [described('ACTIVE')]);
      expectObservable(client(transport).waitForTable('Orders', {} as never)).toBe('#', undefined, expect.objectContaining({ parameter: 'options.status' }));
      expectObservable(client(transport).waitForTable('Orders', { status: 'GONE' as never })).toBe('#', undefined, expect.objectContaining({ parameter: 'options.status' }));
    });
  });
});
