import { catchError, defer, map, mergeMap, of, throwError, type Observable } from 'rxjs';
import type { Send } from '../call/send.js';
import { InvalidParameterError } from '../errors/client-errors.js';
import { ResourceInUseException, ResourceNotFoundException } from '../errors/service-errors.js';
import { createTable, describeTable } from '../tables/tables.js';
import type { CreateTableInput, TableDescription } from '../tables/types.js';
import { waitForTable } from '../tables/wait-for-table.js';

/** The lease table's partition key: what the workers share (`scan#<table>#<scanId>`). @internal */
export const GROUP = 'leaseGroup';
/** The lease table's sort key: a unit of work (`segment#7`) or a worker (`worker#<id>`). @internal */
export const KEY = 'leaseKey';

/** The definition of a lease table named `table`: the two string keys, on-demand billing. @internal */
export function leaseTableDefinition(table: string): CreateTableInput {
  return {
    TableName: table,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: GROUP, AttributeType: 'S' },
      { AttributeName: KEY, AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: GROUP, KeyType: 'HASH' },
      { AttributeName: KEY, KeyType: 'RANGE' },
    ],
  };
}

/** Whether a table has the lease table's keys. */
function hasLeaseKeys(description: TableDescription): boolean {
  const type = (name: string) => description.AttributeDefinitions?.find((definition) => definition.AttributeName === name)?.AttributeType;
  const keys = description.KeySchema ?? [];
  return (
    keys.length === 2 &&
    keys.some((key) => key.AttributeName === GROUP && key.KeyType === 'HASH') &&
    keys.some((key) => key.AttributeName === KEY && key.KeyType === 'RANGE') &&
    type(GROUP) === 'S' &&
    type(KEY) === 'S'
  );
}

/**
 * Makes sure the lease table exists and is ACTIVE: creates it (on-demand billing) when DescribeTable
 * does not find it, and waits until it is ACTIVE. Workers that start together may all try: a
 * `ResourceInUseException` means another one created it first. A table of that name with other keys
 * is an `InvalidParameterError` naming `path`. Emits once, then completes. @internal
 */
export function ensureLeaseTable(send: Send, table: string, path: string): Observable<void> {
  const waitActive = () => waitForTable(send, table, { status: 'ACTIVE' });
  const create = () =>
    createTable(send, leaseTableDefinition(table)).pipe(
      catchError((error: unknown) => (ResourceInUseException.is(error) ? of(undefined) : throwError(() => error))),
      mergeMap(waitActive),
    );
  return defer(() =>
    describeTable(send, table).pipe(
      catchError((error: unknown) => (ResourceNotFoundException.is(error) ? of(undefined) : throwError(() => error))),
      mergeMap((description) => {
        if (description === undefined) return create();
        if (!hasLeaseKeys(description)) {
          const keys = (description.KeySchema ?? []).map((key) => `${key.AttributeName} (${key.KeyType})`).join(', ');
          return throwError(() => new InvalidParameterError(path, `table ${table} has the keys ${keys}; a lease table has ${GROUP} (S, HASH) and ${KEY} (S, RANGE): name another table, and it is created`));
        }
        return description.TableStatus === 'ACTIVE' ? of(description) : waitActive();
      }),
      map(() => undefined),
    ),
  );
}
