import { asyncScheduler, race, type Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { marshall } from '../../src/marshall/marshall.js';
import { okResponse } from '../../src/testing/fixtures.js';
import type { DynamoDBResponse } from '../../src/http/types.js';
import { marbleScheduler } from '../support/marble-scheduler.js';
import { fakeBatchServer, type FakeBatchOptions, type FakeBatchServer } from './support/fake-batch-server.js';

type Json = Record<string, unknown>;
type RunHelpers = Parameters<Parameters<ReturnType<typeof marbleScheduler>['run']>[0]>[0];

/** What one call ended with, and at which frame. */
interface Outcome {
  frame: number;
  value?: unknown;
  error?: { name: string; message: string; cause?: unknown };
  done: boolean;
}

/** A fake whose client batches getItem calls, table `Users` holding `u0` .. `u(n-1)` as `{ pk, n }`. */
function batchingServer(helpers: RunHelpers, n: number, options: FakeBatchOptions = {}): FakeBatchServer {
  const server = fakeBatchServer(helpers, { ...options, client: { autoBatchGets: true, ...options.client } });
  server.tables.set('Users', new Map(Array.from({ length: n }, (_, i) => [`Users/"u${i}"`, marshall({ pk: `u${i}`, n: i })])));
  return server;
}

const user = (i: number) => ({ pk: `u${i}`, n: i });
const pks = (body: Json): string[] => {
  const entry = (body['RequestItems'] as Record<string, Json>)['Users']!;
  return (entry['Keys'] as Json[]).map((key) => (key['pk'] as { S: string }).S);
};

/** Subscribes `call` now and records how it ends. */
function record(_helpers: RunHelpers, call: Observable<unknown>): Outcome {
  const outcome: Outcome = { frame: -1, done: false };
  call.subscribe({
    next: (value) => (outcome.value = value),
    error: (error: Error) => {
      outcome.frame = asyncScheduler.now();
      outcome.error = { name: error.name, message: error.message, cause: error.cause };
      outcome.done = true;
    },
    complete: () => {
      outcome.frame = asyncScheduler.now();
      outcome.done = true;
    },
  });
  return outcome;
}

/** The answer of the first BatchGetItem replaced by `body`; later ones as the fake stores. */
const firstAnswer = (body: object | DynamoDBResponse): FakeBatchOptions => ({
  answer: (call) => (call === 0 ? ('statusCode' in body ? (body as DynamoDBResponse) : okResponse(body)) : undefined),
});

describe('autoBatchGets against hostile BatchGetItem answers: each caller gets its own item, a clear error, or a retry', () => {
  it('the same item twice: its caller gets it, no caller gets another caller’s item, none hangs', () => {
    const outcomes: Outcome[] = [];
    marbleScheduler().run((helpers) => {
      const twice = { Responses: { Users: [marshall(user(1)), marshall(user(1)), marshall(user(2))] } };
      const server = batchingServer(helpers, 5, firstAnswer(twice));
      for (const i of [1, 2, 3]) outcomes.push(record(helpers, server.db.getItem('Users', { pk: `u${i}` })));
    });
    expect(outcomes.every((o) => o.done)).toBe(true);
    expect(outcomes[0]!.value).toEqual(user(1));
    for (const [index, outcome] of outcomes.entries()) if (outcome.value !== undefined) expect(outcome.value).toEqual(user(index + 1));
  });

  it('an item without its key attribute, or with the key as another type: a MalformedResponseError, never another caller’s item', () => {
    for (const stray of [{ n: 1 }, { pk: 1, n: 1 }, { pk: { S: 'u1' }, n: 1 }]) {
      const outcomes: Outcome[] = [];
      marbleScheduler().run((helpers) => {
        const server = batchingServer(helpers, 5, firstAnswer({ Responses: { Users: [marshall(stray)] } }));
        for (const i of [1, 2]) outcomes.push(record(helpers, server.db.getItem('Users', { pk: `u${i}` })));
      });
      expect(outcomes.map((o) => o.error?.name)).toEqual(['MalformedResponseError', 'MalformedResponseError']);
    }
  });

  it('UnprocessedKeys naming a key never asked, or a key twice: a clear error for every caller, nothing read again', () => {
    const never = { Responses: {}, UnprocessedKeys: { Users: { Keys: [{ pk: { S: 'u1' } }, { pk: { S: 'u9' } }] } } };
    const twice = { Responses: {}, UnprocessedKeys: { Users: { Keys: [{ pk: { S: 'u1' } }, { pk: { S: 'u1' } }] } } };
    for (const body of [never, twice]) {
      const outcomes: Outcome[] = [];
      let server!: FakeBatchServer;
      marbleScheduler().run((helpers) => {
        server = batchingServer(helpers, 5, firstAnswer(body));
        for (const i of [1, 2]) outcomes.push(record(helpers, server.db.getItem('Users', { pk: `u${i}` })));
      });
      expect(outcomes.map((o) => o.error?.name)).toEqual(['MalformedResponseError', 'MalformedResponseError']);
      expect(server.batches()).toHaveLength(1);
    }
  });

  it('an item that the same answer also hands back unprocessed: its caller gets it once, the others theirs', () => {
    const outcomes: Outcome[] = [];
    marbleScheduler().run((helpers) => {
      const both = { Responses: { Users: [marshall(user(1))] }, UnprocessedKeys: { Users: { Keys: [{ pk: { S: 'u1' } }, { pk: { S: 'u2' } }] } } };
      const server = batchingServer(helpers, 5, firstAnswer(both));
      for (const i of [1, 2, 3]) outcomes.push(record(helpers, server.db.getItem('Users', { pk: `u${i}` })));
    });
    expect(outcomes.every((o) => o.done)).toBe(true);
    expect(outcomes[0]!.value).toEqual(user(1));
    for (const [index, outcome] of outcomes.entries()) if (outcome.value !== undefined) expect(outcome.value).toEqual(user(index + 1));
  });

  it('answers of the wrong shape are read as malformed and retried; the callers get the retry’s items', () => {
    const shapes: object[] = [
      { Responses: [] },
      { Responses: { Users: {} } },
      { Responses: { Users: [{ pk: 'u1' }] } },
      { Responses: { Others: [] } },
      { UnprocessedKeys: { Users: { Keys: 'u1' } } },
      { UnprocessedKeys: { Users: [] } },
      { UnprocessedKeys: { Users: { Keys: [{ pk: 'u1' }] } } },
      { Responses: { Users: [marshall(user(1))] }, ConsumedCapacity: 'x' },
    ];
    for (const shape of shapes) {
      const outcomes: Outcome[] = [];
      let server!: FakeBatchServer;
      marbleScheduler().run((helpers) => {
        server = batchingServer(helpers, 5, firstAnswer(shape));
        for (const i of [1, 2]) outcomes.push(record(helpers, server.db.getItem('Users', { pk: `u${i}` })));
      });
      expect(outcomes.map((o) => o.value), JSON.stringify(shape)).toEqual([user(1), user(2)]);
      expect(server.batches(), JSON.stringify(shape)).toHaveLength(2);
    }
  });

  it('a 200 whose body is an error, or not JSON, or not an object: retried or a clear error, never an item for the wrong caller', () => {
    const bodies: DynamoDBResponse[] = [
      okResponse({ __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException', message: 'slow down' }),
      { statusCode: 200, headers: {}, body: '{"Responses":{"Users":[' },
      { statusCode: 200, headers: {}, body: '[]' },
      { statusCode: 200, headers: {}, body: 'null' },
      { statusCode: 200, headers: {}, body: '' },
    ];
    for (const body of bodies) {
      const outcomes: Outcome[] = [];
      marbleScheduler().run((helpers) => {
        const server = batchingServer(helpers, 5, firstAnswer(body));
        for (const i of [1, 2]) outcomes.push(record(helpers, server.db.getItem('Users', { pk: `u${i}` })));
      });
      expect(outcomes.every((o) => o.done), body.body).toBe(true);
      for (const [index, outcome] of outcomes.entries()) if (outcome.value !== undefined) expect(outcome.value).toEqual(user(index + 1));
    }
  });
});

describe('autoBatchGets cancelled at every moment', () => {
  it('every caller leaving while their keys wait out the backoff: the timer goes, nothing is read again', () => {
    let server!: FakeBatchServer;
    marbleScheduler().run((helpers) => {
      server = batchingServer(helpers, 5, { leave: (call) => (call === 0 ? 2 : 0) });
      const get = (i: number) => server.db.getItem('Users', { pk: `u${i}` });
      helpers.expectObservable(get(0)).toBe('--(a|)', { a: user(0) });
      // u3 and u4 come back unprocessed at 2; their callers leave at 500, during the 1000 ms backoff.
      helpers.expectObservable(get(3), '^ 499ms !').toBe('');
      helpers.expectObservable(get(4), '^ 499ms !').toBe('');
    });
    expect(server.batches().map((r) => pks(r.body))).toEqual([['u0', 'u3', 'u4']]);
  });

  it('one of two callers of an unprocessed key leaving during the backoff: the other still gets the item', () => {
    let server!: FakeBatchServer;
    marbleScheduler().run((helpers) => {
      server = batchingServer(helpers, 5, { leave: (call) => (call === 0 ? 1 : 0) });
      const get = (i: number) => server.db.getItem('Users', { pk: `u${i}` });
      helpers.expectObservable(get(0)).toBe('--(a|)', { a: user(0) });
      helpers.expectObservable(get(3), '^ 499ms !').toBe('');
      helpers.expectObservable(get(3)).toBe('1003ms (a|)', { a: user(3) });
    });
    expect(server.batches().map((r) => pks(r.body))).toEqual([['u0', 'u3'], ['u3']]);
  });

  it('a caller that leaves while another caller of its batch is being answered (race): the others still get theirs', () => {
    const outcomes: Outcome[] = [];
    marbleScheduler().run((helpers) => {
      const server = batchingServer(helpers, 5);
      const get = (i: number) => server.db.getItem('Users', { pk: `u${i}` });
      outcomes.push(record(helpers, race(get(1), get(2))));
      outcomes.push(record(helpers, get(2)));
      outcomes.push(record(helpers, get(3)));
    });
    expect(outcomes.map((o) => [o.value, o.done])).toEqual([
      [user(1), true],
      [user(2), true],
      [user(3), true],
    ]);
  });
});

describe('autoBatchGets: a key asked by several callers', () => {
  it('gives each caller an item of its own: one caller changing its item changes nobody else’s', () => {
    const seen: Json[] = [];
    marbleScheduler().run((helpers) => {
      const server = batchingServer(helpers, 3);
      server.tables.get('Users')!.set('Users/"u1"', marshall({ pk: 'u1', n: 1, tags: new Set(['a']), nested: { list: [1] }, bytes: new Uint8Array([1]) }));
      for (let caller = 0; caller < 3; caller++) {
        server.db.getItem('Users', { pk: 'u1' }, { projectionExpression: 'n, tags, nested, bytes' }).subscribe((item) => {
          const mine = item as Json;
          seen.push(structuredClone(mine));
          // Each caller does what it likes with its own item.
          mine['n'] = caller * 100;
          (mine['tags'] as Set<string>).add(`caller ${caller}`);
          ((mine['nested'] as Json)['list'] as number[]).push(caller);
          (mine['bytes'] as Uint8Array)[0] = 9;
        });
      }
    });
    const stored = { n: 1, tags: new Set(['a']), nested: { list: [1] }, bytes: new Uint8Array([1]) };
    expect(seen).toEqual([stored, stored, stored]);
  });
});
