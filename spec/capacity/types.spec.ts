import { of, type Observable } from 'rxjs';
import { describe, expectTypeOf, it } from 'vitest';
import { CapacityBudget, DynamoDB, type BatchWriteProgress, type CapacityOption, type CapacityState } from '../../src/index.js';

describe('capacity pacing types', () => {
  const db = new DynamoDB({ transport: () => { throw new Error('not sent'); }, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, env: {} });
  const budget = new CapacityBudget({ unitsPerSecond: 100, burstSeconds: 1 });
  const query = { keyConditionExpression: 'pk = :pk', expressionAttributeValues: { ':pk': 'p' } };

  it('takes a budget or its options on every paced call', () => {
    for (const capacity of [budget, { unitsPerSecond: 10 }, { fractionOfProvisioned: 0.5, index: 'byCustomer' }] as CapacityOption[]) {
      void db.query('Orders', { ...query, capacity });
      void db.scan('Orders', { segments: 4, capacity });
      void db.queryPaced('Orders', { ...query, capacity }, () => of(1));
      void db.scanPaced('Orders', { capacity }, () => of(1));
      void db.batchGetItem({ Orders: { keys: [{ pk: 'a' }] } }, { capacity });
      void db.batchWriteItem({ Orders: [{ put: { pk: 'a' } }] }, { capacity });
      void of({ put: { pk: 'a' } }).pipe(db.bulkWrite('Orders', { capacity }));
      void db.bulkWriteFrom('Orders', [{ put: { pk: 'a' } }], { capacity, concurrency: 2 });
    }
    // exactOptionalPropertyTypes: an explicit undefined means no pacing.
    void db.scan('Orders', { capacity: undefined });
  });

  it('refuses a wrong shape at compile time', () => {
    // @ts-expect-error: unitsPerSecond is a number
    void db.scan('Orders', { capacity: { unitsPerSecond: '10' } });
    // @ts-expect-error: unitsPerSecond is required
    void (() => new CapacityBudget({ burstSeconds: 1 }));
    // @ts-expect-error: not an option of a budget
    void db.scan('Orders', { capacity: { unitsPerSecond: 10, fraction: 0.5 } });
    // @ts-expect-error: fractionOfProvisioned is a number
    void db.scan('Orders', { capacity: { fractionOfProvisioned: '0.5' } });
    // @ts-expect-error: forTable needs the kind of units
    void CapacityBudget.forTable(db, 'Orders', { fractionOfProvisioned: 0.5 });
  });

  it('reports its state', () => {
    expectTypeOf(budget.state$).toEqualTypeOf<Observable<CapacityState>>();
    expectTypeOf(CapacityBudget.forTable(db, 'Orders', { fractionOfProvisioned: 0.5, kind: 'read' })).toEqualTypeOf<Observable<CapacityBudget>>();
    expectTypeOf(budget.state.consumedUnitsPerSecond).toEqualTypeOf<number>();
    expectTypeOf(db.batchWriteItem({ Orders: [] }, { capacity: budget })).toEqualTypeOf<Observable<BatchWriteProgress>>();
    expectTypeOf<BatchWriteProgress['consumedUnits']>().toEqualTypeOf<number | undefined>();
  });
});
