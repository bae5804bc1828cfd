import { toArray, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { FakeDynamoDB, okResponse } from '../../src/testing/index.js';

// Responses that are not DynamoDB's fail as the server's fault, naming the action and the field.
const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
const ARN = 'arn:aws:dynamodb:us-east-1:123456789012:table/Users';

// Each row: the call, the action it sends, a response body that is not DynamoDB's, and the error's message.
const MALFORMED: [string, (fake: FakeDynamoDB) => Observable<unknown>, string, object, string][] = [
  ['describeTimeToLive without a description', (fake) => fake.client().describeTimeToLive('Users'), 'DescribeTimeToLive', {}, 'DescribeTimeToLive response: TimeToLiveDescription is not an object'],
  ['describeTimeToLive with a status that is not a string', (fake) => fake.client().describeTimeToLive('Users'), 'DescribeTimeToLive', { TimeToLiveDescription: { TimeToLiveStatus: 1 } }, 'DescribeTimeToLive response: TimeToLiveDescription.TimeToLiveStatus is not a string'],
  ['updateTimeToLive without Enabled', (fake) => fake.client().updateTimeToLive('Users', { Enabled: true, AttributeName: 'x' }), 'UpdateTimeToLive', { TimeToLiveSpecification: { AttributeName: 'x' } }, 'UpdateTimeToLive response: TimeToLiveSpecification.Enabled is not a boolean'],
  ['updateTimeToLive without an attribute name', (fake) => fake.client().updateTimeToLive('Users', { Enabled: true, AttributeName: 'x' }), 'UpdateTimeToLive', { TimeToLiveSpecification: { Enabled: true } }, 'UpdateTimeToLive response: TimeToLiveSpecification.AttributeName is not a string'],
  ['listTagsOfResource with Tags that are not a list', (fake) => fake.client().listTagsOfResource(ARN).pipe(toArray()), 'ListTagsOfResource', { Tags: {} }, 'ListTagsOfResource response: Tags is not a list'],
  ['listTagsOfResource with a tag without a value', (fake) => fake.client().listTagsOfResource(ARN).pipe(toArray()), 'ListTagsOfResource', { Tags: [{ Key: 'a', Value: 'b' }, { Key: 'c' }] }, 'ListTagsOfResource response: Tags[1].Value is not a string'],
  ['listTagsOfResource with a NextToken that is not a string', (fake) => fake.client().listTagsOfResource(ARN).pipe(toArray()), 'ListTagsOfResource', { Tags: [], NextToken: {} }, 'ListTagsOfResource response: NextToken is not a string'],
];

describe('TTL and tag calls read responses strictly', () => {
  it.each(MALFORMED)('%s is a MalformedResponseError', (_, call, action, body, message) => {
    const fake = new FakeDynamoDB();
    scheduler().run(({ cold, expectObservable }) => {
      fake.when(action, () => cold('-(r|)', { r: okResponse(body) }));
      expectObservable(call(fake)).toBe('-#', undefined, expect.objectContaining({ name: 'MalformedResponseError', action, message }));
    });
  });

  it('listTagsOfResource reads a page without Tags as none', () => {
    const fake = new FakeDynamoDB();
    scheduler().run(({ cold, expectObservable }) => {
      fake.when('ListTagsOfResource', () => cold('-(r|)', { r: okResponse({}) }));
      expectObservable(fake.client().listTagsOfResource(ARN).pipe(toArray())).toBe('-(r|)', { r: [] });
    });
  });
});
