import { Observable, type OperatorFunction } from 'rxjs';
import type { WireResponse } from '../http/types.js';
import type { AttributeMap, Key } from '../marshall/types.js';
import { unmarshall } from '../marshall/unmarshall.js';

/** `ConsumedCapacity` as DynamoDB returns it (wire shape). */
export interface ConsumedCapacity {
  TableName?: string;
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
  Table?: Record<string, number>;
  LocalSecondaryIndexes?: Record<string, Record<string, number>>;
  GlobalSecondaryIndexes?: Record<string, Record<string, number>>;
}

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
  consumedCapacity?: ConsumedCapacity;
  /** The segment of a parallel scan this page belongs to. */
  segment?: number;
}

/** Maps a Query/Scan response to a {@link Page}. @internal */
export function toPage<T>(response: WireResponse, segment?: number): Page<T> {
  const wireItems = (response['Items'] as AttributeMap[] | undefined) ?? [];
  const items = new Array<T>(wireItems.length);
  for (let index = 0; index < wireItems.length; index++) items[index] = unmarshall<T>(wireItems[index]!);
  const page: Page<T> = {
    items,
    count: (response['Count'] as number | undefined) ?? items.length,
    scannedCount: (response['ScannedCount'] as number | undefined) ?? items.length,
  };
  if (response['LastEvaluatedKey'] !== undefined) page.lastEvaluatedKey = unmarshall<Key>(response['LastEvaluatedKey'] as AttributeMap);
  if (response['ConsumedCapacity'] !== undefined) page.consumedCapacity = response['ConsumedCapacity'] as ConsumedCapacity;
  if (segment !== undefined) page.segment = segment;
  return page;
}

/**
 * Flattens a stream of pages into a stream of items, stopping mid-page as soon as the
 * subscriber is gone.
 * @example db.query('Orders', opts).pipe(items(), filter((o) => o.total > 100))
 */
export function items<T>(): OperatorFunction<Page<T>, T> {
  return (source) =>
    new Observable<T>((subscriber) =>
      source.subscribe({
        next: (page) => {
          for (const item of page.items) {
            if (subscriber.closed) return;
            subscriber.next(item);
          }
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      }),
    );
}
