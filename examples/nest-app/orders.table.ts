import { catchError, switchMap, throwError, type Observable } from 'rxjs';
import { ResourceNotFoundException, type CreateTableInput, type DynamoDB } from 'rx-dynamodb';

/** The orders table: partition key `customer`, sort key `id`. */
export const ORDERS_TABLE = 'Orders';

const ORDERS: CreateTableInput = {
  TableName: ORDERS_TABLE,
  BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: [{ AttributeName: 'customer', AttributeType: 'S' }, { AttributeName: 'id', AttributeType: 'S' }],
  KeySchema: [{ AttributeName: 'customer', KeyType: 'HASH' }, { AttributeName: 'id', KeyType: 'RANGE' }],
};

/** Creates the orders table unless it exists; emits its description once it is ACTIVE. */
export function ensureOrdersTable(db: DynamoDB): Observable<unknown> {
  return db.describeTable(ORDERS_TABLE).pipe(
    catchError((error: unknown) =>
      ResourceNotFoundException.is(error)
        ? db.createTable(ORDERS).pipe(switchMap(() => db.waitForTable(ORDERS_TABLE, { status: 'ACTIVE' })))
        : throwError(() => error),
    ),
  );
}
