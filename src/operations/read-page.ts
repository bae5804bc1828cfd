import type { WireResponse } from '../http/types.js';
import type { AttributeMap, Key } from '../marshall/types.js';
import { readConsumedCapacity } from '../response/consumed-capacity.js';
import { readCount, readItems, readKey, type ResponseOrigin } from '../response/read.js';
import type { Page } from '../streams/page.js';

/** A page, and the wire start key of the page after it (undefined after the last). @internal */
export interface PageRead<T> {
  page: Page<T>;
  cursor: AttributeMap | undefined;
}

/** Reads a Query or Scan response into a {@link Page} stamped with `segment`, and the next page's cursor. @internal */
export function readPage<T>(body: WireResponse, origin: ResponseOrigin, segment: number | undefined): PageRead<T> {
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
  if (body['ConsumedCapacity'] !== undefined) page.consumedCapacity = readConsumedCapacity(body['ConsumedCapacity'], origin, 'ConsumedCapacity');
  if (segment !== undefined) page.segment = segment;
  return { page, cursor };
}
