import { firstValueFrom, lastValueFrom, take, toArray, type Observable } from 'rxjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Measurement } from '../../src/instrumentation/measurement.js';
import type { DynamoDB } from '../../src/client.js';
import { localClient, tableDefinition, uniqueTableName } from '../support/local-client.js';
import { dynamodbLocal } from '../support/local-servers.js';
import { TAGS_PER_PAGE, taggingStandIn, type TaggingStandIn } from './support/tagging-stand-in.js';

const USERS = 'arn:aws:dynamodb:eu-west-1:123456789012:table/Users';
const ORDERS = 'arn:aws:dynamodb:eu-west-1:123456789012:table/Orders';

describe('tags, against a stand-in that answers as the DynamoDB API reference documents', () => {
  let server: TaggingStandIn;
  let db: DynamoDB;
  const measurements: Measurement[] = [];

  beforeEach(async () => {
    server = await taggingStandIn([USERS, ORDERS]);
    measurements.length = 0;
    db = localClient(server.endpoint, { onMeasurement: (m) => measurements.push(m) });
  });

  it('adds tags, replaces the value of a key it has, removes keys, and lists what is left', async () => {
    expect(await firstValueFrom(db.tagResource(USERS, [{ Key: 'team', Value: 'payments' }, { Key: 'env', Value: 'prod' }, { Key: 'empty', Value: '' }]))).toBeUndefined();
    await firstValueFrom(db.tagResource(USERS, [{ Key: 'env', Value: 'staging' }]));
    expect(await firstValueFrom(db.untagResource(USERS, ['team', 'never-set']))).toBeUndefined();
    expect(await lastValueFrom(db.listTagsOfResource(USERS).pipe(toArray()))).toEqual([
      { Key: 'env', Value: 'staging' },
      { Key: 'empty', Value: '' },
    ]);
    expect(await lastValueFrom(db.listTagsOfResource(ORDERS).pipe(toArray()))).toEqual([]);
    expect(server.calls.map((call) => call.body)).toEqual([
      { ResourceArn: USERS, Tags: [{ Key: 'team', Value: 'payments' }, { Key: 'env', Value: 'prod' }, { Key: 'empty', Value: '' }] },
      { ResourceArn: USERS, Tags: [{ Key: 'env', Value: 'staging' }] },
      { ResourceArn: USERS, TagKeys: ['team', 'never-set'] },
      { ResourceArn: USERS },
      { ResourceArn: ORDERS },
    ]);
  });

  it('emits every tag, one value each, across all pages, one request per page', async () => {
    const tags = Array.from({ length: 45 }, (_, i) => ({ Key: `k${String(i).padStart(2, '0')}`, Value: `v${i}` }));
    await firstValueFrom(db.tagResource(USERS, tags.slice(0, 25)));
    await firstValueFrom(db.tagResource(USERS, tags.slice(25)));
    expect(await lastValueFrom(db.listTagsOfResource(USERS).pipe(toArray()))).toEqual(tags);
    const listed = server.calls.filter((call) => call.action === 'ListTagsOfResource');
    expect(listed).toHaveLength(Math.ceil(tags.length / TAGS_PER_PAGE));
    expect(listed[0]!.body).toEqual({ ResourceArn: USERS });
    expect(listed.slice(1).every((call) => typeof call.body['NextToken'] === 'string')).toBe(true);
  });

  it('stops paging when the consumer has enough: take(3) of 45 tags sends one request', async () => {
    await firstValueFrom(db.tagResource(USERS, Array.from({ length: 45 }, (_, i) => ({ Key: `k${i}`, Value: '' }))));
    expect(await lastValueFrom(db.listTagsOfResource(USERS).pipe(take(3), toArray()))).toHaveLength(3);
    expect(server.calls.filter((call) => call.action === 'ListTagsOfResource')).toHaveLength(1);
  });

  it('passes service errors on as their classes: an unknown resource is a ResourceNotFoundException', async () => {
    const other = 'arn:aws:dynamodb:eu-west-1:123456789012:table/Missing';
    for (const call of [db.tagResource(other, [{ Key: 'a', Value: 'b' }]), db.untagResource(other, ['a']), db.listTagsOfResource(other)] as Observable<unknown>[]) {
      expect(await firstValueFrom(call).catch((e: unknown) => e)).toMatchObject({ name: 'ResourceNotFoundException', retryable: false });
    }
    expect(measurements.map((m) => [m.action, m.error])).toEqual([
      ['TagResource', 'ResourceNotFoundException'],
      ['UntagResource', 'ResourceNotFoundException'],
      ['ListTagsOfResource', 'ResourceNotFoundException'],
    ]);
  });
});

describe('tags on DynamoDB Local 3.3.0', () => {
  let db: DynamoDB;
  const table = uniqueTableName('Tagged');
  let arn: string;

  beforeAll(async () => {
    db = localClient(dynamodbLocal().endpoint);
    arn = (await firstValueFrom(db.createTable(tableDefinition(table)))).TableArn!;
  });
  afterAll(() => firstValueFrom(db.deleteTable(table)));

  // Why the specs above run against a stand-in. When this fails, Local has learnt tagging: run them on it.
  it('has no tagging: every call is refused with UnknownOperationException', async () => {
    for (const call of [db.tagResource(arn, [{ Key: 'a', Value: 'b' }]), db.untagResource(arn, ['a']), db.listTagsOfResource(arn)] as Observable<unknown>[]) {
      expect(await firstValueFrom(call).catch((e: unknown) => e)).toMatchObject({ code: 'UnknownOperationException', message: expect.stringMatching(/Tagging is not currently supported/) });
    }
  });
});
