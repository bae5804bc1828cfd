import { defer, map, type Observable } from 'rxjs';
import type { Send } from '../call/send.js';
import type { WireResponse } from '../http/types.js';
import { readOptionalString } from '../response/read.js';
import { paginate } from './paginate.js';

/** One response of a call paged by `NextToken`, and the token of the page after it (absent on the last). @internal */
export interface TokenPage {
  response: WireResponse;
  nextToken: string | undefined;
}

/**
 * Emits every response of a call paged by `NextToken` (ExecuteStatement, ListTagsOfResource): the
 * first request is `body` (which may hold a `NextToken` to resume from), each next one `body` with the
 * previous response's token. Each page request is retried on its own, sent only once the previous page
 * was delivered and only while the subscriber is there. Built once per subscription. @internal
 */
export function nextTokenPages(send: Send, action: string, body: () => Record<string, unknown>, table?: string): Observable<TokenPage> {
  return defer(() => {
    const { NextToken: first, ...request } = body();
    return paginate<TokenPage, string>(
      {
        fetch: (token) =>
          send(action, token === undefined ? request : { ...request, NextToken: token }, table).pipe(
            map((response) => ({ response, nextToken: readOptionalString(response['NextToken'], action, 'NextToken') })),
          ),
        next: (page) => page.nextToken,
      },
      first as string | undefined,
    );
  });
}
