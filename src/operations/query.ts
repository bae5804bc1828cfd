import { defer, map, switchMap, type Observable } from 'rxjs';
import type { Send } from '../call/send.js';
import type { WireResponse } from '../http/types.js';
import type { AttributeMap, Key } from '../marshall/types.js';
import { paginate } from '../streams/paginate.js';
import type { PageCredits } from '../streams/page-credits.js';
import type { WithPacing } from '../streams/paced.js';
import type { Page } from '../streams/page.js';
import type { ResponseOrigin } from '../response/read.js';
import { readPage, type PageRead } from './read-page.js';
import { key } from '../input/attributes.js';
import { flag, integer, literal, nonEmptyText } from '../input/reader.js';
import { optional, required, wireOptions, type Fields } from '../input/shape.js';
import { expression, expressionAttributeNames, expressionAttributeValues, returnConsumedCapacity } from './option-fields.js';
import type { ExpressionAttributeNames, ExpressionAttributeValues, Item, ReturnConsumedCapacity } from './types.js';
import { plainObject, tableName } from '../input/validate.js';
import type { WithCapacity } from '../capacity/capacity-option.js';
import { pagePacer, type PagePacer, type PagedSend } from './page-pacer.js';

/** Options Query and Scan share. */
export interface ReadStreamOptions extends WithCapacity {
  indexName?: string | undefined;
  filterExpression?: string | undefined;
  projectionExpression?: string | undefined;
  expressionAttributeNames?: ExpressionAttributeNames | undefined;
  expressionAttributeValues?: ExpressionAttributeValues | undefined;
  consistentRead?: boolean | undefined;
  select?: 'ALL_ATTRIBUTES' | 'ALL_PROJECTED_ATTRIBUTES' | 'SPECIFIC_ATTRIBUTES' | 'COUNT' | undefined;
  /** Items evaluated per page request (DynamoDB's `Limit`); the stream still continues to the end. Use `take` to stop early. */
  limit?: number | undefined;
  /** Start after this key: a page's `lastEvaluatedKey`, to resume a stream where it stopped. */
  exclusiveStartKey?: Key | undefined;
  returnConsumedCapacity?: ReturnConsumedCapacity | undefined;
}

/** Options of `query`; `keyConditionExpression` is required. */
export interface QueryOptions extends ReadStreamOptions {
  keyConditionExpression: string;
  /** `false` reads the sort key in descending order. */
  scanIndexForward?: boolean | undefined;
}

/** Options of `queryPaced`: the query's, and `pacing` (how far it may run ahead of the handler). */
export interface QueryPacedOptions extends QueryOptions, WithPacing {}

/** Options Query and Scan share that go on the wire (`capacity` is the client's). @internal */
export const READ_STREAM: Fields<Omit<ReadStreamOptions, 'capacity'>> = {
  returnConsumedCapacity,
  expressionAttributeNames,
  expressionAttributeValues,
  indexName: optional(nonEmptyText),
  filterExpression: expression,
  projectionExpression: expression,
  consistentRead: optional(flag),
  select: optional(literal({ ALL_ATTRIBUTES: true, ALL_PROJECTED_ATTRIBUTES: true, SPECIFIC_ATTRIBUTES: true, COUNT: true })),
  limit: optional(integer(1, 2 ** 31 - 1)),
  exclusiveStartKey: optional(key),
};
const readQueryOptions = wireOptions<Omit<QueryOptions, 'capacity'>>({
  ...READ_STREAM,
  keyConditionExpression: required(nonEmptyText, 'is required, e.g. "pk = :pk"'),
  scanIndexForward: optional(flag),
});

/** The wire body of the first Query request (`capacity`, the client's, excluded). */
function queryRequest(table: string, options: QueryOptions): Record<string, unknown> {
  const { capacity: _capacity, ...wire } = plainObject(options, 'options');
  return { TableName: tableName(table), ...readQueryOptions(wire, 'options') };
}

/** Where a page stream comes from: which action, table and first request body. @internal */
export interface PageSource {
  action: 'Query' | 'Scan';
  table: string;
  /** Builds (and validates) the first request body; called once per subscription. */
  build: () => Record<string, unknown>;
  /** The parallel-scan segment, stamped on each page. */
  segment?: number | undefined;
}

/**
 * Emits one {@link Page} per request of a paged call, following `LastEvaluatedKey` to the end.
 * Builds the first body once per subscription; each next page is a copy with a new start key.
 * With `credits`, each page request waits for a credit (paced consumption); with `pacer`, for its turn
 * on a capacity budget. @internal
 */
export function pagesOf<T>(send: Send, { action, table, build, segment }: PageSource, credits?: PageCredits, pacer?: PagePacer): Observable<Page<T>> {
  const read = (body: WireResponse, origin: ResponseOrigin): PageRead<T> => readPage<T>(body, origin, segment);
  const readUnreported = (body: WireResponse, origin: ResponseOrigin): PageRead<T> => readPage<T>(body, origin, segment, false);
  const pacedSend: PagedSend<T> = (body, hooks, reportCapacity) => send(action, body, table, reportCapacity ? read : readUnreported, hooks);
  return defer(() => {
    const first = build();
    const fetch = (body: Record<string, unknown>): Observable<PageRead<T>> => (pacer ? pacer.request(body, pacedSend) : send(action, body, table, read));
    return paginate<PageRead<T>, AttributeMap>(
      {
        action,
        cursorName: 'LastEvaluatedKey',
        fetch: (start) => fetch(start === first['ExclusiveStartKey'] ? first : { ...first, ExclusiveStartKey: start }),
        next: (pageRead) => pageRead.cursor,
      },
      first['ExclusiveStartKey'] as AttributeMap | undefined,
      credits,
    );
  }).pipe(map((pageRead) => pageRead.page));
}

/**
 * Streams the pages of a Query; with `credits`, each page request waits for a credit (paced consumption);
 * with `options.capacity`, for its turn on that capacity budget.
 */
export function query<T = Item>(send: Send, table: string, options: QueryOptions, credits?: PageCredits): Observable<Page<T>> {
  return defer(() => {
    const pacer = pagePacer(send, table, options);
    const first = queryRequest(table, options); // checked before a share of provisioned capacity is read
    return pacer.pipe(switchMap((paced) => pagesOf<T>(send, { action: 'Query', table, build: () => first }, credits, paced)));
  });
}
