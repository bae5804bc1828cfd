import { Buffer } from 'node:buffer';
import { standIn } from '../../config/support/stand-in.js';
import { actionOf, answer, bodyOf, fail } from '../../support/json-api.js';

/** One request the stand-in received: its action and parsed body. */
export interface TaggingCall {
  action: string;
  body: Record<string, unknown>;
}

/** A running stand-in for DynamoDB's tagging API, and what it saw. */
export interface TaggingStandIn {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  calls: TaggingCall[];
  /** Tags per resource ARN, in the order they were first added. */
  tags: Map<string, Map<string, string>>;
}

/** Tags per ListTagsOfResource page: AWS documents paging with NextToken but not the page size. */
export const TAGS_PER_PAGE = 10;

/**
 * A local HTTP server on 127.0.0.1 that answers TagResource, UntagResource and ListTagsOfResource as the
 * DynamoDB API reference documents them, for the tables whose ARNs it is given (DynamoDB Local 3.3.0
 * answers every tagging call with UnknownOperationException). TagResource adds tags or replaces the
 * values of keys a resource has; UntagResource removes keys (absent ones are ignored);
 * ListTagsOfResource pages with an opaque `NextToken`. An unknown ARN is a ResourceNotFoundException. It
 * closes when the test ends.
 */
export async function taggingStandIn(resourceArns: readonly string[]): Promise<TaggingStandIn> {
  const calls: TaggingCall[] = [];
  const tags = new Map(resourceArns.map((arn) => [arn, new Map<string, string>()]));
  const server = await standIn((request, response) => {
    void bodyOf(request).then((body) => {
      const action = actionOf(request);
      calls.push({ action, body });
      const resource = tags.get(String(body['ResourceArn']));
      if (!resource) return fail(response, 'ResourceNotFoundException', 'Requested resource not found');
      switch (action) {
        case 'TagResource':
          for (const { Key, Value } of body['Tags'] as { Key: string; Value: string }[]) resource.set(Key, Value);
          return answer(response, 200, {});
        case 'UntagResource':
          for (const key of body['TagKeys'] as string[]) resource.delete(key);
          return answer(response, 200, {});
        case 'ListTagsOfResource': {
          const token = body['NextToken'];
          const start = token === undefined ? 0 : Number(Buffer.from(String(token), 'base64').toString('utf8').replace('offset:', ''));
          const all = [...resource].map(([Key, Value]) => ({ Key, Value }));
          const end = start + TAGS_PER_PAGE;
          return answer(response, 200, { Tags: all.slice(start, end), ...(end < all.length ? { NextToken: Buffer.from(`offset:${end}`).toString('base64') } : {}) });
        }
        default:
          return fail(response, 'UnknownOperationException', `${action} is not answered by this stand-in`);
      }
    });
  });
  return { endpoint: server.origin, calls, tags };
}
