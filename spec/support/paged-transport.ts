import type { Observable } from 'rxjs';
import type { DynamoDBRequest, DynamoDBResponse, Transport } from '../../src/http/types.js';
import { okResponse } from '../../src/testing/fixtures.js';

/** A table of `pages` pages per segment served by a fake transport; each response is `respond(body)`. */
export interface PagedTable {
  transport: Transport;
  /** Page requests received, in order, as `segment:page`. */
  requests: string[];
}

/**
 * A fake Scan/Query server: page n of segment s holds one item `{ pk: 's:n' }` and points to
 * page n + 1 until the last. `respond` wraps each response in an Observable (e.g. a marble).
 */
export function pagedTable(pages: number, respond: (response: DynamoDBResponse, request: DynamoDBRequest) => Observable<DynamoDBResponse>): PagedTable {
  const requests: string[] = [];
  const transport: Transport = (request) => {
    const body = JSON.parse(request.body) as { Segment?: number; ExclusiveStartKey?: { n: { N: string } } };
    const segment = body.Segment ?? 0;
    const page = body.ExclusiveStartKey ? Number(body.ExclusiveStartKey.n.N) + 1 : 0;
    requests.push(`${segment}:${page}`);
    const last = page === pages - 1;
    return respond(
      okResponse({
        Items: [{ pk: { S: `${segment}:${page}` } }],
        Count: 1,
        ScannedCount: 1,
        ...(last ? {} : { LastEvaluatedKey: { n: { N: String(page) } } }),
      }),
      request,
    );
  };
  return { transport, requests };
}
