import { defer, map, mergeMap, type Observable } from 'rxjs';
import type { Send } from '../call/send.js';
import { InvalidParameterError } from '../errors/client-errors.js';
import { textOfLength, type Reader } from '../input/reader.js';
import { required, shape } from '../input/shape.js';
import { boundedList } from '../input/validate.js';
import type { WireResponse } from '../http/types.js';
import { readList, readMap, readString, type ResponseOrigin } from '../response/read.js';
import { nextTokenPages } from '../streams/next-token-pages.js';
import { kindOf } from '../util/kind-of.js';
import type { Tag } from './types.js';

const RESOURCE_ARN = /^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\d{12}:\S+$/;
const MAX_ARN_LENGTH = 1283;
/** Tags a resource can hold, so also the most one TagResource call can add. */
const MAX_TAGS = 50;

/** Checks a DynamoDB resource ARN (a table's `TableArn`, ...) and returns it. @internal */
export function resourceArn(value: unknown, parameter = 'resourceArn'): string {
  if (typeof value !== 'string') throw new InvalidParameterError(parameter, `must be an ARN string, got ${kindOf(value)}`);
  if (value.length > MAX_ARN_LENGTH || !RESOURCE_ARN.test(value)) {
    throw new InvalidParameterError(parameter, `"${value.slice(0, 300)}" is not a DynamoDB resource ARN such as arn:aws:dynamodb:us-east-1:123456789012:table/Users (a table's TableArn)`);
  }
  return value;
}

/** A tag key: 1 to 128 characters, not under the `aws:` prefix (in any case), which AWS reserves. */
const tagKey: Reader<string> = (value, path) => {
  const key = textOfLength(1, 128)(value, path);
  if (/^aws:/i.test(key)) throw new InvalidParameterError(path, `"${key}": the aws: prefix (in any case) is reserved for tags AWS sets`);
  return key;
};
const tag = shape<Tag>({ Key: required(tagKey), Value: required(textOfLength(0, 256)) });

/** The wire body of a TagResource call. @internal */
export function tagResourceRequest(arn: string, tags: readonly Tag[]): Record<string, unknown> {
  const wireTags = boundedList(tags, 'tags', MAX_TAGS, 'tags', tag);
  return { ResourceArn: resourceArn(arn), Tags: wireTags };
}

/** The wire body of an UntagResource call. @internal */
export function untagResourceRequest(arn: string, tagKeys: readonly string[]): Record<string, unknown> {
  const keys = boundedList(tagKeys, 'tagKeys', Infinity, 'tag keys', tagKey);
  return { ResourceArn: resourceArn(arn), TagKeys: keys };
}

/** Adds tags to a resource, replacing the values of keys it has (TagResource); emits `undefined` once done. */
export function tagResource(send: Send, arn: string, tags: readonly Tag[]): Observable<void> {
  return defer(() => send('TagResource', tagResourceRequest(arn, tags))).pipe(map(() => undefined));
}

/** Removes tags from a resource by key (UntagResource); emits `undefined` once done. */
export function untagResource(send: Send, arn: string, tagKeys: readonly string[]): Observable<void> {
  return defer(() => send('UntagResource', untagResourceRequest(arn, tagKeys))).pipe(map(() => undefined));
}

/** Emits every tag of a resource, one value each, across all pages (ListTagsOfResource, `NextToken`). */
export function listTagsOfResource(send: Send, arn: string): Observable<Tag> {
  const readTags = (response: WireResponse, origin: ResponseOrigin): Tag[] =>
    (response['Tags'] === undefined ? [] : readList(response['Tags'], origin, 'Tags')).map((entry, index) => {
      const tag = readMap(entry, origin, `Tags[${index}]`);
      return { Key: readString(tag['Key'], origin, `Tags[${index}].Key`), Value: readString(tag['Value'], origin, `Tags[${index}].Value`) };
    });
  return nextTokenPages(send, 'ListTagsOfResource', () => ({ ResourceArn: resourceArn(arn) }), readTags).pipe(mergeMap((tags) => tags));
}
