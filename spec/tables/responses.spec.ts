import { toArray, type Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { FakeDynamoDB, okResponse } from '../../src/testing/index.js';
import { marbleScheduler } from '../support/marble-scheduler.js';

// Responses that are not DynamoDB's fail as the server's fault, naming the action and the field. They
// are read inside the attempt, so retried like any MalformedResponseError: maxRetries 0 shows the first.
const ARN = 'arn:aws:dynamodb:us-east-1:123456789012:table/Users';

// Each row: the call, the action it sends, a response body that is not DynamoDB's, and the error's message.
const MALFORMED: [string, (fake: FakeDynamoDB) => Observable<unknown>, string, object, string][] = [
  ['describeTimeToLive without a description', (fake) => fake.client({ maxRetries: 0 }).describeTimeToLive('Users'), 'DescribeTimeToLive', {}, 'DescribeTimeToLive: TimeToLiveDescription: not a JSON object, got undefined'],
  ['describeTimeToLive with a status that is not a string', (fake) => fake.client({ maxRetries: 0 }).describeTimeToLive('Users'), 'DescribeTimeToLive', { TimeToLiveDescription: { TimeToLiveStatus: 1 } }, 'DescribeTimeToLive: TimeToLiveDescription.TimeToLiveStatus: not a string, got a number'],
  ['updateTimeToLive without Enabled', (fake) => fake.client({ maxRetries: 0 }).updateTimeToLive('Users', { Enabled: true, AttributeName: 'x' }), 'UpdateTimeToLive', { TimeToLiveSpecification: { AttributeName: 'x' } }, 'UpdateTimeToLive: TimeToLiveSpecification.Enabled: not a boolean, got undefined'],
  ['updateTimeToLive without an attribute name', (fake) => fake.client({ maxRetries: 0 }).updateTimeToLive('Users', { Enabled: true, AttributeName: 'x' }), 'UpdateTimeToLive', { TimeToLiveSpecification: { Enabled: true } }, 'UpdateTimeToLive: TimeToLiveSpecification.AttributeName: not a string, got undefined'],
  ['listTagsOfResource with Tags that are not a list', (fake) => fake.client({ maxRetries: 0 }).listTagsOfResource(ARN).pipe(toArray()), 'ListTagsOfResource', { Tags: {} }, 'ListTagsOfResource: Tags: not a list, got an object'],
  ['listTagsOfResource with a tag without a value', (fake) => fake.client({ maxRetries: 0 }).listTagsOfResource(ARN).pipe(toArray()), 'ListTagsOfResource', { Tags: [{ Key: 'a', Value: 'b' }, { Key: 'c' }] }, 'ListTagsOfResource: Tags[1].Value: not a string, got undefined'],
  ['listTagsOfResource with a NextToken that is not a string', (fake) => fake.client({ maxRetries: 0 }).listTagsOfResource(ARN).pipe(toArray()), 'ListTagsOfResource', { Tags: [], NextToken: {} }, 'ListTagsOfResource: NextToken: not a string, got an object'],
];

describe('TTL and tag calls read responses strictly', () => {
  it.each(MALFORMED)('%s is a MalformedResponseError', (_, call, action, body, message) => {
    const fake = new FakeDynamoDB();
    marbleScheduler().run(({ cold, expectObservable }) => {
      fake.when(action, () => cold('-(r|)', { r: okResponse(body) }));
      expectObservable(call(fake)).toBe('-#', undefined, expect.objectContaining({ name: 'MalformedResponseError', action, message }));
    });
  });

  it('listTagsOfResource reads a page without Tags as none', () => {
    const fake = new FakeDynamoDB();
    marbleScheduler().run(({ cold, expectObservable }) => {
      fake.when('ListTagsOfResource', () => cold('-(r|)', { r: okResponse({}) }));
      expectObservable(fake.client().listTagsOfResource(ARN).pipe(toArray())).toBe('-(r|)', { r: [] });
    });
  });
});
