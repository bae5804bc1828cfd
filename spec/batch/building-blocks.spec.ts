import { describe, expect, it } from 'vitest';
import { marshall } from '../../src/marshall/marshall.js';
import { NumberValue } from '../../src/marshall/number-value.js';
import { itemSize } from '../../src/input/item-size.js';
import { keyId } from '../../src/input/key-identity.js';
import { Queue } from '../../src/streams/queue.js';
import { projectKey } from '../../src/batch/key-schema.js';

describe('itemSize (DynamoDB’s measure, not the JSON)', () => {
  it('counts names and values as stored', () => {
    expect(itemSize(marshall({ id: 'abc' }))).toBe(2 + 3);
    expect(itemSize(marshall({ é: 'ü' }))).toBe(2 + 2);
    expect(itemSize(marshall({ b: new Uint8Array(1000) }))).toBe(1 + 1000);
    expect(itemSize(marshall({ n: 12345, z: 0 }))).toBe(1 + 4 + 1 + 1);
    expect(itemSize(marshall({ t: true, x: null }))).toBe(1 + 1 + 1 + 1);
    expect(itemSize(marshall({ l: [1, 'ab'] }))).toBe(1 + 3 + (1 + 2) + (1 + 2));
    expect(itemSize(marshall({ m: { ab: 'c' } }))).toBe(1 + 3 + (1 + 2 + 1));
    expect(itemSize(marshall({ s: new Set(['ab', 'c']), ns: new Set([1, 22]) }))).toBe(1 + 3 + 2 + (2 + 2));
  });

  it('counts binary as bytes, though the JSON holds it as longer base64', () => {
    const item = marshall({ data: new Uint8Array(300_000) });
    expect(itemSize(item)).toBe(4 + 300_000);
    expect(JSON.stringify(item).length).toBeGreaterThan(400_000);
  });
});

describe('keyId', () => {
  it('is the same for the same item however the key is written', () => {
    expect(keyId('T', marshall({ a: 'x', b: 1 }))).toBe(keyId('T', marshall({ b: new NumberValue('1.0'), a: 'x' })));
    expect(keyId('T', marshall({ n: new NumberValue('1e2') }))).toBe(keyId('T', marshall({ n: 100 })));
  });

  it('differs between tables, types and values', () => {
    const id = keyId('T', marshall({ a: '1' }));
    expect(keyId('U', marshall({ a: '1' }))).not.toBe(id);
    expect(keyId('T', marshall({ a: 1 }))).not.toBe(id);
    expect(keyId('T', marshall({ a: '2' }))).not.toBe(id);
    expect(keyId('T', marshall({ a: new Uint8Array([49]) }))).not.toBe(id);
  });

  it('cannot be forged by values that spell another key, a type or a separator', () => {
    const ids = [
      keyId('T', marshall({ a: 'x', b: 'y' })),
      keyId('T', marshall({ a: 'x","b","Sy' })),
      keyId('T', marshall({ a: 'Sx' })),
      keyId('T', { a: { S: 'MQ==' } }),
      keyId('T', { a: { B: 'MQ==' } }),
      keyId('T', { a: { N: '1' } }),
      keyId('T', { a: { S: '1' } }),
      keyId('T', { a: { SS: ['1'] } }),
      keyId('T","a', marshall({ S: 'x' })),
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('projectKey', () => {
  it('takes the key attributes as own properties, `__proto__` and `constructor` included', () => {
    const schema = { table: 'T', attributes: [{ name: '__proto__', type: 'S' as const }, { name: 'constructor', type: 'N' as const }] };
    const item = JSON.parse('{"__proto__":{"S":"p"},"constructor":{"N":"1"},"other":{"S":"o"}}') as Record<string, never>;
    const key = projectKey(schema, item);
    expect(Object.getPrototypeOf(key)).toBe(Object.prototype);
    expect(Object.entries(key)).toEqual([['__proto__', { S: 'p' }], ['constructor', { N: '1' }]]);
    expect(projectKey(schema, { other: { S: 'o' } })).toEqual({});
  });
});

describe('Queue', () => {
  it('is first in, first out across compactions', () => {
    const queue = new Queue<number>();
    const out: number[] = [];
    for (let i = 0; i < 5000; i++) {
      queue.push(i);
      if (i % 3 === 0) out.push(queue.shift()!);
    }
    expect(queue.peek()).toBe(out.length);
    while (queue.length > 0) out.push(queue.shift()!);
    expect(out).toEqual(Array.from({ length: 5000 }, (_, i) => i));
    expect(queue.shift()).toBeUndefined();
  });
});
