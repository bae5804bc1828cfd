import { defer, map, type Observable } from 'rxjs';
import type { ResponseReader, Send } from '../call/send.js';
import type { WireResponse } from '../http/types.js';
import { readOptionalString, type ResponseOrigin } from '../response/read.js';
import { paginate } from './paginate.js';

/** One page of a call paged by `NextToken`, and the token of the page after it (absent on the last). */
interface TokenPage<P> {
  page: P;
  nextToken: string | undefined;
}

/**
 * Emits every page of a call paged by `NextToken` (ExecuteStatement, ListTagsOfResource), each response
 * read by `read` with the token of the page after it: the first request is `body` (which may hold a
 * `NextToken` to resume from), each next one `body` with the previous response's token. Each page request
 * is retried on its own, sent only once the previous page was delivered and only while the subscriber is
 * there. Built once per subscription. @internal
 */
export function nextTokenPages<P>(
  send: Send,
  action: string,
  body: () => Record<string, unknown>,
  read: (response: WireResponse, origin: ResponseOrigin, nextToken: string | undefined) => P,
  table?: string,
): Observable<P> {
  const readPage: ResponseReader<TokenPage<P>> = (response, origin) => {
    const nextToken = readOptionalString(response['NextToken'], origin, 'NextToken');
    return { page: read(response, origin, nextToken), nextToken };
  };
  return defer(() => {
    const { NextToken: first, ...request } = body();
    return paginate<TokenPage<P>, string>(
      {
        action,
        cursorName: 'NextToken',
        fetch: (token) => send(action, token === undefined ? request : { ...request, NextToken: token }, table, readPage),
        next: (page) => page.nextToken,
      },
      first as string | undefined,
    );
  }).pipe(map(({ page }) => page));
}
