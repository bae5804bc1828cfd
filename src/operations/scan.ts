import type { Observable } from 'rxjs';
import type { Send } from '../call/send.js';
import { InvalidParameterError } from '../errors/client-errors.js';
import type { Page } from '../streams/page.js';
import { applyOptions, integer, type OptionSpec } from './options.js';
import { READ_STREAM, pagesOf, type ReadStreamOptions } from './query.js';
import type { Item } from './types.js';
import { plainObject, tableName } from './validate.js';

/** Options of `scan`. */
export interface ScanOptions extends ReadStreamOptions {
  /** With `totalSegments`: scan only this segment (0-based), as in DynamoDB's parallel scan. */
  segment?: number;
  totalSegments?: number;
}

const SCAN: OptionSpec = { ...READ_STREAM, segment: integer(0, 999_999), totalSegments: integer(1, 1_000_000) };

/** The wire body of the first Scan request. */
export function scanRequest(table: string, options?: ScanOptions): Record<string, unknown> {
  const body = applyOptions({ TableName: tableName(table) }, options === undefined ? undefined : plainObject(options, 'options'), SCAN);
  const segment = body['Segment'] as number | undefined;
  const total = body['TotalSegments'] as number | undefined;
  if ((segment === undefined) !== (total === undefined)) throw new InvalidParameterError('options.segment', 'segment and totalSegments go together');
  if (segment !== undefined && total !== undefined && segment >= total) throw new InvalidParameterError('options.segment', `must be below totalSegments (${total})`);
  return body;
}

/** Streams the pages of a Scan. */
export function scan<T = Item>(send: Send, table: string, options?: ScanOptions): Observable<Page<T>> {
  return pagesOf<T>(send, 'Scan', table, () => scanRequest(table, options), options?.segment);
}
