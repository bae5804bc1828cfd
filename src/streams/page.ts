import type { OperatorFunction } from 'rxjs';
import type { Key } from '../marshall/types.js';
import type { ConsumedCapacity } from '../response/consumed-capacity.js';
import { flatten } from './flatten.js';

/** One page of a Query or Scan, with native items. */
export interface Page<T> {
  /** The items of this page (after the filter expression). */
  items: T[];
  /** Items in this page after filtering. */
  count: number;
  /** Items evaluated before filtering. */
  scannedCount: number;
  /** Where the next page starts; pass it as `exclusiveStartKey` to resume from here later. */
  lastEvaluatedKey?: Key;
  /** What this page's request consumed, when `returnConsumedCapacity` asked for it. */
  consumedCapacity?: ConsumedCapacity;
  /** The segment of a parallel scan this page belongs to. */
  segment?: number;
}

/**
 * Flattens a stream of pages (or of anything with an `items` array, such as the groups `batchGetItem`
 * emits) into a stream of items, stopping mid-page as soon as the subscriber is gone.
 * @example db.query('Orders', opts).pipe(items(), filter((o) => o.total > 100))
 */
export function items<P extends { readonly items: readonly unknown[] }>(): OperatorFunction<P, P['items'][number]> {
  return flatten((page: P) => page.items);
}
