import { defer, forkJoin, lastValueFrom } from 'rxjs';
import { beforeAll, expect, it } from 'vitest';
import type { DynamoDB } from '../../src/client.js';
import { NumberValue } from '../../src/marshall/number-value.js';
import type { Key } from '../../src/marshall/types.js';
import { describeOnLocalServers } from '../support/local-servers.js';

// Auto-batched getItem matches the items of a BatchGetItem answer to its callers by key identity: a key
// spelled several ways must be read once and reach every caller (the server refuses a request that
// holds one key twice), and keys that only look alike must stay apart.

describeOnLocalServers('auto-batched getItem: key identity', (server) => {
  const { measurements } = server;
  let batching: DynamoDB;
  let alone: DynamoDB;
  let table: string;
  const long = '12345678901234567890123456789012345678';
  const stored = [
    { pk: 'k', sk: 1, v: 'one' },
    { pk: 'k', sk: 0, v: 'zero' },
    { pk: 'k', sk: new NumberValue(long), v: 'long' },
    { pk: 'k', sk: new NumberValue('0.1000000000000000000000000000000000001'), v: 'fine' },
    { pk: 'k', sk: new NumberValue('1e-130'), v: 'tiny' },
    { pk: 'k1', sk: 1, v: 'k1' },
    { pk: '1', sk: 1, v: 'string one' },
  ];

  beforeAll(async () => {
    batching = server.client({ autoBatchGets: true });
    alone = server.client();
    table = await server.freshTable('AutoBatchKeys', true);
    await lastValueFrom(alone.batchWriteItem({ [table]: stored.map((item) => ({ put: item })) }));
  });

  it('one key spelled several ways (number forms, -0, bigint, attribute order) is read once and reaches every caller', async () => {
    measurements.length = 0;
    const asked: [Key, string][] = [
      [{ pk: 'k', sk: 1 }, 'one'],
      [{ pk: 'k', sk: new NumberValue('1.0') }, 'one'],
      [{ sk: new NumberValue('10e-1'), pk: 'k' }, 'one'],
      [{ pk: 'k', sk: -0 }, 'zero'],
      [{ pk: 'k', sk: new NumberValue('-0.00') }, 'zero'],
      [{ pk: 'k', sk: BigInt(long) }, 'long'],
      [{ pk: 'k', sk: new NumberValue('1.2345678901234567890123456789012345678e37') }, 'long'],
      [{ pk: 'k', sk: new NumberValue('0.10000000000000000000000000000000000010') }, 'fine'],
      [{ pk: 'k', sk: new NumberValue('0.0000000001e-120') }, 'tiny'],
      [{ pk: 'k1', sk: 1 }, 'k1'],
      [{ pk: '1', sk: 1 }, 'string one'],
      [{ pk: 'k', sk: 11 }, ''],
      [{ pk: 'k', sk: new NumberValue('12345678901234567890123456789012345679') }, ''],
    ];
    const found = await lastValueFrom(forkJoin(asked.map(([key]) => batching.getItem(table, key))));
    expect(found.map((item) => (item as { v?: string } | undefined)?.v ?? '')).toEqual(asked.map(([, v]) => v));
    expect(measurements.filter((m) => m.action === 'BatchGetItem')).toHaveLength(1);
  });
});

describeOnLocalServers('auto-batched getItem: a key the server would refuse', (server) => {
  let batching: DynamoDB;
  let table: string;

  beforeAll(async () => {
    batching = server.client({ autoBatchGets: true });
    table = await server.freshTable('AutoBatchBadKeys', true);
    await lastValueFrom(server.client().putItem(table, { pk: 'k', sk: 1, v: 'one' }));
  });

  it('fails its own call only, whatever the reason: the other callers of its batch get their items', async () => {
    // Built at the call: a NumberValue refuses such a number as it is made.
    const bad: (() => Key)[] = [
      () => ({ pk: 'k', sk: new NumberValue('1e126') }),
      () => ({ pk: 'k', sk: new NumberValue('1e-131') }),
      () => ({ pk: 'k', sk: new NumberValue('123456789012345678901234567890123456789') }),
      () => ({ pk: 'k', sk: 10n ** 40n + 1n }),
      () => ({ pk: 'k', sk: 1e300 }),
      () => ({ pk: 'k', sk: Number.NaN }),
      () => ({ pk: 'k\uD800', sk: 1 }),
      () => ({ pk: 'k', sk: 1, extra: undefined }),
    ];
    for (const [index, badKey] of bad.entries()) {
      const outcomes = await Promise.all(
        [() => ({ pk: 'k', sk: 1 }), badKey].map((asked) =>
          lastValueFrom(defer(() => batching.getItem(table, asked()))).then(
            (item) => ({ item }),
            (error: unknown) => ({ error: (error as Error).name }),
          ),
        ),
      );
      expect(outcomes, `bad key ${index}`).toEqual([{ item: { pk: 'k', sk: 1, v: 'one' } }, { error: 'InvalidParameterError' }]);
    }
  });
});
