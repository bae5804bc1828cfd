import { config as rxjsConfig, firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { withTags } from '../../src/instrumentation/tags.js';
import type { DynamoDBResponse } from '../../src/http/types.js';
import type { CallEnd, CallStart, CallTracer } from '../../src/instrumentation/tracer.js';
import { FakeDynamoDB } from '../../src/testing/fake-dynamodb.js';
import { errorResponse, okResponse, throttledResponse } from '../../src/testing/fixtures.js';
import { marbleScheduler } from '../support/marble-scheduler.js';


/** A tracer that logs what it hears, with the time of each event. */
function recorder(now: () => number) {
  const log: string[] = [];
  const starts: CallStart[] = [];
  const ends: CallEnd[] = [];
  const tracer: CallTracer = {
    start: (call) => {
      starts.push(call);
      log.push(`${now()} start ${call.action}`);
      return {
        attempt: (a) => log.push(`${now()} attempt ${a.attempt} ${a.error ?? a.statusCode}`),
        end: (end) => {
          ends.push(end);
          log.push(`${now()} end ${end.cancelled ? 'cancelled' : (end.error?.code ?? 'ok')}`);
        },
      };
    },
  };
  return { tracer, log, starts, ends };
}

describe('tracers: follow each call from subscribe to end', () => {
  it('start at subscribe, hear each attempt, and end when the call ends or is cancelled', () => {
    const fake = new FakeDynamoDB();
    const testScheduler = marbleScheduler();
    const { tracer, log, starts, ends } = recorder(() => testScheduler.now());
    testScheduler.run(({ cold, expectObservable }) => {
      const answers = [cold<DynamoDBResponse>('-'), cold('-t|', { t: throttledResponse() }), cold('-o|', { o: okResponse() })];
      let n = 0;
      fake.when('PutItem', () => answers[n++]!);
      const db = fake.client({ tracers: [tracer], tags: { service: 'api' }, endpoint: 'https://dynamodb.eu-west-1.amazonaws.com', region: 'eu-west-1' });
      expectObservable(db.putItem('Orders', { id: 1 }), '^ 9ms !').toBe('');
      expectObservable(db.putItem('Orders', { id: 2 }), '20ms ^').toBe('1022ms u|', { u: undefined });
    });
    expect(log).toEqual([
      '0 start PutItem',
      '10 end cancelled',
      '20 start PutItem',
      '21 attempt 1 ProvisionedThroughputExceededException',
      '1022 attempt 2 200',
      '1022 end ok',
    ]);
    expect(starts[1]).toEqual({
      action: 'PutItem',
      table: 'Orders',
      tags: { service: 'api' },
      server: { address: 'dynamodb.eu-west-1.amazonaws.com', port: 443 },
      region: 'eu-west-1',
    });
    expect(ends[0]).toEqual({ measurement: { action: 'PutItem', table: 'Orders', durationMs: 10, attempts: 1, tags: { service: 'api' } }, cancelled: true });
    expect(ends[1]).toEqual({ measurement: { action: 'PutItem', table: 'Orders', durationMs: 1002, attempts: 2, statusCode: 200, tags: { service: 'api' } } });
  });

  it('get the final error, and the scope tags at start', async () => {
    const fake = new FakeDynamoDB().when('GetItem', () => errorResponse('ResourceNotFoundException', 'Requested resource not found'));
    const { tracer, starts, ends } = recorder(() => 0);
    const db = fake.client({ tracers: [tracer] });
    await withTags({ correlationId: 'req-7' }, () => firstValueFrom(db.getItem('Missing', { id: 1 }))).catch(() => undefined);
    expect(starts[0]!.tags).toEqual({ correlationId: 'req-7' });
    expect(ends[0]!.error).toMatchObject({ name: 'ResourceNotFoundException', action: 'GetItem' });
    expect(ends[0]!.measurement).toMatchObject({ error: 'ResourceNotFoundException', statusCode: 400, tags: { correlationId: 'req-7' } });
  });

  it('a tracer that throws cannot break calls: its error is reported as unhandled', async () => {
    const fake = new FakeDynamoDB().when('GetItem', () => okResponse({ Item: { id: { N: '1' } } }));
    const broken: CallTracer = {
      start: () => {
        throw new Error('tracer bug');
      },
    };
    const reported: unknown[] = [];
    rxjsConfig.onUnhandledError = (error) => reported.push(error);
    try {
      expect(await firstValueFrom(fake.client({ tracers: [broken] }).getItem('Things', { id: 1 }))).toEqual({ id: 1 });
    } finally {
      rxjsConfig.onUnhandledError = null;
    }
    expect(reported).toEqual([new Error('tracer bug')]);
  });

  it('refuses a tracers option that is not a list of tracers', () => {
    expect(() => new FakeDynamoDB().client({ tracers: [{} as CallTracer] })).toThrow(/option tracers must be an array of objects with a start\(call\) method/);
  });
});
