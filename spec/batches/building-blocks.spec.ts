import { describe, expect, it } from 'vitest';
import { marshall } from '../../src/marshall/marshall.js';
import { NumberValue } from '../../src/marshall/number-value.js';
import { keyId } from '../../src/operations/key-identity.js';
import { Queue } from '../../src/streams/queue.js';

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
