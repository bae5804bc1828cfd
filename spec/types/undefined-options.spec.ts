import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type {
  BatchExecuteStatementOptions,
  BatchGetOptions,
  BatchGetTableRequest,
  BatchStatement,
  BatchWriteOptions,
  BulkWriteOptions,
  ChangesOptions,
  ChangesPacedOptions,
  ConditionalWriteOptions,
  DeleteItemOptions,
  DynamoDBOptions,
  ExecuteStatementOptions,
  ExecuteTransactionOptions,
  GetItemOptions,
  HttpErrorOptions,
  LeaseOptions,
  ListTablesOptions,
  PacingOptions,
  ParameterizedStatement,
  PutItemOptions,
  QueryOptions,
  QueryPacedOptions,
  RetryOptions,
  ScanOptions,
  ScanLeaseOptions,
  ScanPacedOptions,
  TransactConditionCheck,
  TransactDelete,
  TransactGet,
  TransactGetItemsOptions,
  TransactPut,
  TransactUpdate,
  TransactWriteItemsOptions,
  UnmarshallOptions,
  UpdateItemOptions,
  WaitForTableOptions,
} from '../../src/index.js';
import { DynamoDB } from '../../src/index.js';
import type { CorrelationOptions, DynamoDBModuleAsyncOptions, DynamoDBModuleOptions } from '../../src/nest/index.js';
import { FakeDynamoDB, pageResponse, statementResponse } from '../../src/testing/index.js';

// Under exactOptionalPropertyTypes (this project's tsconfig, and many users'), `limit?: number` refuses
// `limit: undefined`, so `{ ...options, exclusiveStartKey: page.lastEvaluatedKey }` would not compile
// although the client reads `undefined` as left out. Every optional field of an option or input
// interface says `| undefined`, as the AWS SDK's types do.

/** The optional fields of `T` that refuse an explicit `undefined`: `never` when there is none. */
type RefusingUndefined<T> = {
  [K in keyof T]-?: {} extends Pick<T, K> ? ({ [P in K]: undefined } extends Pick<T, K> ? never : K) : never;
}[keyof T];

describe('option types under exactOptionalPropertyTypes', () => {
  it('the check itself tells an optional field that refuses undefined from one that takes it', () => {
    interface Sample {
      strict?: number;
      loose?: number | undefined;
      needed: string;
    }
    expectTypeOf<RefusingUndefined<Sample>>().toEqualTypeOf<'strict'>();
  });

  it('every optional field of every public option interface takes undefined', () => {
    expectTypeOf<RefusingUndefined<DynamoDBOptions>>().toBeNever();
    expectTypeOf<RefusingUndefined<RetryOptions>>().toBeNever();
    expectTypeOf<RefusingUndefined<GetItemOptions>>().toBeNever();
    expectTypeOf<RefusingUndefined<PutItemOptions>>().toBeNever();
    expectTypeOf<RefusingUndefined<UpdateItemOptions>>().toBeNever();
    expectTypeOf<RefusingUndefined<DeleteItemOptions>>().toBeNever();
    expectTypeOf<RefusingUndefined<ConditionalWriteOptions>>().toBeNever();
    expectTypeOf<RefusingUndefined<QueryOptions>>().toBeNever();
    expectTypeOf<RefusingUndefined<QueryPacedOptions>>().toBeNever();
    expectTypeOf<RefusingUndefined<ScanOptions>>().toBeNever();
    expectTypeOf<RefusingUndefined<ScanPacedOptions>>().toBeNever();
    expectTypeOf<RefusingUndefined<LeaseOptions>>().toBeNever();
    expectTypeOf<RefusingUndefined<ScanLeaseOptions>>().toBeNever();
    expectTypeOf<RefusingUndefined<PacingOptions>>().toBeNever();
    expectTypeOf<RefusingUndefined<BatchGetOptions>>().toBeNever();
    expectTypeOf<RefusingUndefined<BatchGetTableRequest>>().toBeNever();
    expectTypeOf<RefusingUndefined<BatchWriteOptions>>().toBeNever();
    expectTypeOf<RefusingUndefined<BulkWriteOptions>>().toBeNever();
    expectTypeOf<RefusingUndefined<TransactGet>>().toBeNever();
    expectTypeOf<RefusingUndefined<TransactGetItemsOptions>>().toBeNever();
    expectTypeOf<RefusingUndefined<TransactPut>>().toBeNever();
    expectTypeOf<RefusingUndefined<TransactUpdate>>().toBeNever();
    expectTypeOf<RefusingUndefined<TransactDelete>>().toBeNever();
    expectTypeOf<RefusingUndefined<TransactConditionCheck>>().toBeNever();
    expectTypeOf<RefusingUndefined<TransactWriteItemsOptions>>().toBeNever();
    expectTypeOf<RefusingUndefined<ExecuteStatementOptions>>().toBeNever();
    expectTypeOf<RefusingUndefined<BatchStatement>>().toBeNever();
    expectTypeOf<RefusingUndefined<BatchExecuteStatementOptions>>().toBeNever();
    expectTypeOf<RefusingUndefined<ParameterizedStatement>>().toBeNever();
    expectTypeOf<RefusingUndefined<ExecuteTransactionOptions>>().toBeNever();
    expectTypeOf<RefusingUndefined<ChangesOptions>>().toBeNever();
    expectTypeOf<RefusingUndefined<ChangesPacedOptions>>().toBeNever();
    expectTypeOf<RefusingUndefined<WaitForTableOptions>>().toBeNever();
    expectTypeOf<RefusingUndefined<ListTablesOptions>>().toBeNever();
    expectTypeOf<RefusingUndefined<UnmarshallOptions>>().toBeNever();
    expectTypeOf<RefusingUndefined<HttpErrorOptions>>().toBeNever();
    expectTypeOf<RefusingUndefined<CorrelationOptions>>().toBeNever();
    expectTypeOf<RefusingUndefined<DynamoDBModuleOptions>>().toBeNever();
    expectTypeOf<RefusingUndefined<DynamoDBModuleAsyncOptions>>().toBeNever();
  });

  it('a page token spread into the next call compiles, and the client sends nothing for undefined', async () => {
    const fake = new FakeDynamoDB();
    fake.when('Query', () => pageResponse([{ id: 'a' }]));
    fake.when('ExecuteStatement', () => statementResponse([{ id: 'a' }]));
    const env: Record<string, string | undefined> = {};
    const db = fake.client({ endpoint: env['LOCAL_ENDPOINT'], region: env['REGION'], retry: { quota: undefined } });
    const opts: QueryOptions = { keyConditionExpression: 'id = :id', expressionAttributeValues: { ':id': 'a' } };
    const page = await firstValueFrom(db.query('Orders', opts));
    const next = await lastValueFrom(db.query('Orders', { ...opts, exclusiveStartKey: page.lastEvaluatedKey, limit: undefined }).pipe(toArray()));
    const statementPage = await firstValueFrom(db.executeStatement('SELECT * FROM Orders'));
    const nextStatementPage = await firstValueFrom(db.executeStatement('SELECT * FROM Orders', { parameters: undefined, nextToken: statementPage.nextToken }));

    expect(next).toHaveLength(1);
    expect(nextStatementPage.items).toEqual([{ id: 'a' }]);
    expect(fake.calls.map((call) => call.body)).toEqual([
      { TableName: 'Orders', KeyConditionExpression: 'id = :id', ExpressionAttributeValues: { ':id': { S: 'a' } } },
      { TableName: 'Orders', KeyConditionExpression: 'id = :id', ExpressionAttributeValues: { ':id': { S: 'a' } } },
      { Statement: 'SELECT * FROM Orders' },
      { Statement: 'SELECT * FROM Orders' },
    ]);
    expect(db.config.region).toBe('us-east-1');
  });

  it('an unknown option still does not compile', () => {
    const db = new DynamoDB({ transport: () => { throw new Error('not sent'); }, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, env: {} });
    // @ts-expect-error: `exclusiveStartkey` is not an option of query
    void db.query('Orders', { keyConditionExpression: 'id = :id', exclusiveStartkey: undefined });
    // @ts-expect-error: `endpointUrl` is not an option of the client
    expect(() => new DynamoDB({ endpointUrl: undefined, env: {} })).toThrow(/unknown option "endpointUrl"/);
    // @ts-expect-error: `limit` is a number, not a string, undefined or not
    void db.scan('Orders', { limit: '10' as string | undefined });
    expectTypeOf<QueryOptions['keyConditionExpression']>().toEqualTypeOf<string>();
  });
});
