import type { WireResponse } from '../http/types.js';
import type { AttributeMap, Key } from '../marshall/types.js';
import { readConsumedCapacity } from '../response/consumed-capacity.js';
import { readCount, readItems, readKey, type ResponseOrigin } from '../response/read.js';
import type { Page } from '../streams/page.js';

/** A page, the wire start key of the page after it (undefined after the last), and the units it consumed (when the response said). @internal */
export interface PageRead<T> {
  page: Page<T>;
  cursor: AttributeMap | undefined;
  consumedUnits?: number;
}

/**
 * Reads a Query or Scan response into a {@link Page} stamped with `segment`, and the next page's cursor.
 * The page carries the response's consumed capacity unless `reportCapacity` is false (a paced call asked for
 * it and the caller did not). @internal
 */
export function readPage<T>(body: WireResponse, origin: ResponseOrigin, segment: number | undefined, reportCapacity = true): PageRead<T> {
  const items = body['Items'] === undefined ? [] : readItems<T>(body['Items'], origin, 'Items');
  const page: Page<T> = {
    items,
    count: body['Count'] === undefined ? items.length : readCount(body['Count'], origin, 'Count'),
    scannedCount: body['ScannedCount'] === undefined ? items.length : readCount(body['ScannedCount'], origin, 'ScannedCount'),
  };
  let cursor: AttributeMap | undefined;
  if (body['LastEvaluatedKey'] !== undefined) {
    const key = readKey<Key>(body['LastEvaluatedKey'], origin, 'LastEvaluatedKey');
    page.lastEvaluatedKey = key.native;
    cursor = key.wire;
  }
  if (segment !== undefined) page.segment = segment;
  if (body['ConsumedCapacity'] === undefined) return { page, cursor };
  const consumedCapacity = readConsumedCapacity(body['ConsumedCapacity'], origin, 'ConsumedCapacity');
  if (reportCapacity) page.consumedCapacity = consumedCapacity;
  return { page, cursor, consumedUnits: consumedCapacity.capacityUnits };
}
