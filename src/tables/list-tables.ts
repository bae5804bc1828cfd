import { defer, mergeMap, type Observable } from 'rxjs';
import type { Send } from '../call/send.js';
import type { WireResponse } from '../http/types.js';
import { paginate } from '../streams/paginate.js';
import { integer, orDefault } from '../input/reader.js';
import { optional, wireOptions } from '../input/shape.js';

/** Options of `listTables`. */
export interface ListTablesOptions {
  /** Names per page request (1-100); the stream always continues to the last page. */
  limit?: number;
}

const readListTablesOptions = orDefault(wireOptions<ListTablesOptions>({ limit: optional(integer(1, 100)) }), {});

/** Emits every table name, one value each, across all pages (`LastEvaluatedTableName`). */
export function listTables(send: Send, options?: ListTablesOptions): Observable<string> {
  return defer(() => {
    const base = readListTablesOptions(options, 'options');
    return paginate<WireResponse, string>({
      fetch: (start) => send('ListTables', start === undefined ? base : { ...base, ExclusiveStartTableName: start }),
      next: (page) => page['LastEvaluatedTableName'] as string | undefined,
    });
  }).pipe(mergeMap((page) => (page['TableNames'] as string[] | undefined) ?? []));
}
