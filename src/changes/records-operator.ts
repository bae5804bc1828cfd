import type { OperatorFunction } from 'rxjs';
import { flatten } from '../streams/flatten.js';
import type { ChangeBatch, ChangeRecord } from './types.js';

/**
 * Flattens a stream of change batches into a stream of change records, in order, stopping mid-batch as
 * soon as the subscriber is gone (as `items()` does for pages).
 * @example db.changes<Order>('Orders').pipe(records(), filter((r) => r.eventName === 'MODIFY'))
 */
export function records<T>(): OperatorFunction<ChangeBatch<T>, ChangeRecord<T>> {
  return flatten((batch: ChangeBatch<T>) => batch.records);
}
