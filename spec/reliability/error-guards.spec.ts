import { describe, expect, expectTypeOf, it } from 'vitest';
import { DynamoDBError } from '../../src/errors/dynamodb-error.js';
import { ConditionalCheckFailedException, TransactionCanceledException, type CancellationReason } from '../../src/errors/service-errors.js';

// The safe-write patterns (non-idempotent.spec.ts) read `item` and `cancellationReasons` after the guard.
describe('the guards of errors that carry extra fields narrow to a type with those fields', () => {
  it('ConditionalCheckFailedException.is gives `item`, TransactionCanceledException.is gives `cancellationReasons`', () => {
    const failed: unknown = new ConditionalCheckFailedException({ message: 'no', body: {} });
    const cancelled: unknown = new TransactionCanceledException({ message: 'no', body: {} });
    if (!ConditionalCheckFailedException.is(failed) || !TransactionCanceledException.is(cancelled)) throw new Error('guards refused their own class');
    expectTypeOf(failed.item).toEqualTypeOf<Record<string, unknown> | undefined>();
    expectTypeOf(cancelled.cancellationReasons).toEqualTypeOf<CancellationReason[]>();
  });

  it('still recognise an error of that code from another copy of the library, and nothing else', () => {
    const foreign = new DynamoDBError({ code: 'ConditionalCheckFailedException', message: 'no' });
    expect(ConditionalCheckFailedException.is(foreign)).toBe(true);
    expect(TransactionCanceledException.is(foreign)).toBe(false);
    expect(ConditionalCheckFailedException.is(new Error('x'))).toBe(false);
  });
});
