import { firstValueFrom, lastValueFrom, toArray, mergeMap, from } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDB } from '../../src/client.js';
import { itemSize, MAX_ITEM_BYTES } from '../../src/input/item-size.js';
import { marshall } from '../../src/marshall/marshall.js';
import { decimalKey, parseDecimal } from '../../src/marshall/decimal.js';
import { NumberValue } from '../../src/marshall/number-value.js';
import type { NativeValue } from '../../src/marshall/types.js';
import type { WriteRequest } from '../../src/batch/batch-write-item.js';
import { localClient, uniqueTableName } from '../support/local-client.js';
import { dynamodbLocal } from '../support/local-servers.js';

// The bulk write path (each write serialized once, key identity for per-key order) against DynamoDB Local:
// writes to one key in any of its spellings land in order and never share a request; distinct keys that
// look alike stay distinct; values arrive exactly as given; the 400 KB limit holds to the byte.

let db: DynamoDB;
const numbers = uniqueTableName('BulkN');
const binaries = uniqueTableName('BulkB');
const strings = uniqueTableName('BulkS');

beforeAll(async () => {
  db = localClient(dynamodbLocal().endpoint);
  const create = (name: string, type: 'S' | 'N' | 'B', sort?: 'S' | 'N' | 'B') =>
    firstValueFrom(
      db.createTable({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: type }, ...(sort ? [{ AttributeName: 'sk', AttributeType: sort }] : [])],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, ...(sort ? [{ AttributeName: 'sk', KeyType: 'RANGE' as const }] : [])],
      }),
    );
  await Promise.all([create(numbers, 'N'), create(binaries, 'B'), create(strings, 'S', 'N')]);
});
afterAll(async () => {
  await Promise.all([numbers, binaries, strings].map((name) => firstValueFrom(db.deleteTable(name))));
});

/** Wire attributes with every number in one spelling and every set sorted. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1) {
    const [type, inner] = entries[0]!;
    if (type === 'N') return { N: decimalKey(parseDecimal(inner as string)!) };
    if (type === 'NS') return { NS: (inner as string[]).map((text) => decimalKey(parseDecimal(text)!)).sort() };
    if (type === 'SS' || type === 'BS') return { [type]: [...(inner as string[])].sort() };
  }
  return Object.fromEntries(entries.map(([name, inner]) => [name, canonical(inner)]));
}

const scanAll = (table: string) => lastValueFrom(db.scan(table).pipe(mergeMap((page) => from(page.items)), toArray()));

describe('bulk writes: key identity against DynamoDB Local', () => {
  it('one number key spelled many ways (1, 1.0, 1e0, 10e-1; 0 and -0; 38 digits and its exponent form) is one key: the last write wins, no request holds it twice', async () => {
    const long = '12345678901234567890123456789012345678';
    const spellings: [NativeValue, NativeValue][] = [
      [1, new NumberValue('1.0')],
      [new NumberValue('1e0'), new NumberValue('10e-1')],
      [0, -0],
      [new NumberValue('-0'), new NumberValue('0.000')],
      [new NumberValue(long), new NumberValue('1.2345678901234567890123456789012345678E37')],
      [new NumberValue('1e-130'), new NumberValue('0.1e-129')],
    ];
    const writes: WriteRequest[] = spellings.flatMap(([a, b], index) => [
      { put: { pk: a, v: `first ${index}` } },
      { put: { pk: b, v: `second ${index}` } },
    ]);
    // Distinct keys that differ in the last of 38 digits, or by a power of ten.
    writes.push({ put: { pk: new NumberValue('12345678901234567890123456789012345679'), v: 'next' } }, { put: { pk: 10, v: 'ten' } });
    const progress = await lastValueFrom(db.bulkWriteFrom(numbers, writes));
    expect(progress).toMatchObject({ written: writes.length, total: writes.length });
    const stored = (await scanAll(numbers)).map((item) => [String(item['pk']), item['v']]).sort();
    expect(stored).toEqual(
      [
        ['0', 'second 3'],
        ['1', 'second 1'],
        ['12345678901234567890123456789012345678', 'second 4'],
        ['12345678901234567890123456789012345679', 'next'],
        ['1e-130', 'second 5'],
        ['10', 'ten'],
      ].sort(),
    );
  });

  it('binary keys: equal bytes from a Buffer and a Uint8Array are one key, a longer or shorter one another', async () => {
    const writes: WriteRequest[] = [
      { put: { pk: new Uint8Array([0, 1]), v: 'a' } },
      { put: { pk: Buffer.from([0, 1]), v: 'b' } },
      { put: { pk: new Uint8Array([0, 1, 0]), v: 'c' } },
      { put: { pk: new Uint8Array([0]), v: 'd' } },
      { delete: { pk: new Uint8Array([0]) } },
    ];
    await lastValueFrom(db.bulkWriteFrom(binaries, writes));
    const stored = (await scanAll(binaries)).map((item) => [Buffer.from(item['pk'] as Uint8Array).toString('hex'), item['v']]).sort();
    expect(stored).toEqual([
      ['0001', 'b'],
      ['000100', 'c'],
    ]);
  });

  it('keys of two attributes: attribute order does not split a key, and "1"+1 is not "11"', async () => {
    const writes: WriteRequest[] = [
      { put: { pk: '1', sk: 1, v: 'a' } },
      { put: { sk: 1, pk: '1', v: 'b' } },
      { put: { pk: '11', sk: 1, v: 'c' } },
      { put: { pk: '1', sk: 11, v: 'd' } },
      { delete: { sk: 11, pk: '1' } },
    ];
    await lastValueFrom(db.bulkWriteFrom(strings, writes));
    const stored = (await scanAll(strings)).map((item) => [item['pk'], item['sk'], item['v']]).sort();
    expect(stored).toEqual([
      ['1', 1, 'b'],
      ['11', 1, 'c'],
    ]);
  });
});

describe('bulk writes: values and the 400 KB limit against DynamoDB Local', () => {
  it('values arrive exactly as given: U+2028, astral characters, 38 digits, extremes of range, -0, sets, binary, nesting', async () => {
    const item = {
      pk: 'values',
      sk: 0,
      text: 'line\u2028sep\u2029para "quoted" \\ back \u0000 nul 😀 é',
      digits: new NumberValue('-0.12345678901234567890123456789012345678'),
      tiny: new NumberValue('1e-130'),
      huge: new NumberValue('9.9999999999999999999999999999999999999e125'),
      negativeZero: -0,
      big: 12345678901234567890n,
      numbers: new Set([1, 2.5, 3n]),
      words: new Set(['a', '😀']),
      bytes: new Uint8Array([0, 255, 128]),
      nested: { list: [null, true, { deep: ['x'] }], empty: {} },
    };
    await lastValueFrom(db.bulkWriteFrom(strings, [{ put: item }]));
    const stored = await firstValueFrom(db.execute('GetItem', { TableName: strings, Key: { pk: { S: 'values' }, sk: { N: '0' } } }));
    // Numbers compared as numbers (DynamoDB spells them its own way), sets as sets.
    expect(canonical(stored['Item'])).toEqual(canonical(marshall(item)));
  });

  it('an item of multibyte text counted at exactly 400 KB is written; one byte more is refused before anything is sent', async () => {
    for (const unit of ['é', '😀', '\u2028']) {
      const unpadded = { pk: `limit ${unit}`, sk: 1, name: unit.repeat(10), pad: '' };
      const base = itemSize(marshall(unpadded));
      const room = MAX_ITEM_BYTES - base;
      const width = Buffer.byteLength(unit);
      const pad = unit.repeat(Math.floor(room / width)) + 'x'.repeat(room % width);
      const exact = { ...unpadded, pad };
      expect(itemSize(marshall(exact))).toBe(MAX_ITEM_BYTES);
      await lastValueFrom(db.batchWriteItem({ [strings]: [{ put: exact }] }));
      const over = { ...exact, pad: pad + 'x' };
      const refusal = await lastValueFrom(db.batchWriteItem({ [strings]: [{ put: over }] })).catch((e: unknown) => e);
      expect(refusal).toMatchObject({ name: 'InvalidParameterError', parameter: `request.${strings}[0].put`, message: expect.stringContaining(`is ${MAX_ITEM_BYTES + 1} bytes`) });
      const viaBulk = await lastValueFrom(db.bulkWriteFrom(strings, [{ put: over }])).catch((e: unknown) => e);
      expect(viaBulk).toMatchObject({ name: 'BatchIncompleteError' });
      expect(String((viaBulk as Error).cause)).toContain(`is ${MAX_ITEM_BYTES + 1} bytes`);
      // DynamoDB Local refuses it too, sent as it is.
      const local = await firstValueFrom(db.execute('BatchWriteItem', { RequestItems: { [strings]: [{ PutRequest: { Item: marshall(over) } }] } })).catch((e: unknown) => e);
      expect(local).toMatchObject({ code: 'ValidationException' });
    }
  });

  it('a key over 2048 UTF-8 bytes in 1025 characters is refused before it is sent, as DynamoDB Local refuses the whole request', async () => {
    const write = { put: { pk: 'é'.repeat(1025), sk: 1 } };
    const refusal = await lastValueFrom(db.batchWriteItem({ [strings]: [{ put: { pk: 'fine', sk: 1 } }, write] })).catch((e: unknown) => e);
    expect(refusal).toMatchObject({ name: 'InvalidParameterError', parameter: `request.${strings}[1].put.pk` });
    const local = await firstValueFrom(
      db.execute('BatchWriteItem', { RequestItems: { [strings]: [{ PutRequest: { Item: marshall({ pk: 'fine', sk: 1 }) } }, { PutRequest: { Item: marshall(write.put) } }] } }),
    ).catch((e: unknown) => e);
    expect(local).toMatchObject({ code: 'ValidationException' });
    expect(await firstValueFrom(db.getItem(strings, { pk: 'fine', sk: 1 }))).toBeUndefined();
  });
});
