import { describe, expect, it } from 'vitest';
import { isAfter, isSequenceNumber } from '../../src/changes/sequence-number.js';

// Sequence numbers are compared as the numbers they are, without BigInt or a regex per record.

describe('sequence numbers', () => {
  it('are 1 to 64 ASCII digits', () => {
    for (const good of ['0', '7', '000000000000000000001', '4007000000000012345678901', '9'.repeat(64)]) expect(isSequenceNumber(good)).toBe(true);
    for (const bad of ['', 'abc', '12a', '-1', '1.5', ' 1', '1e5', '١٢٣', '9'.repeat(65)]) expect(isSequenceNumber(bad)).toBe(false);
  });

  it('compare as BigInt does, leading zeros aside, on 2,000 random pairs and the edges', () => {
    const digits = (length: number) => Array.from({ length }, () => Math.floor(Math.random() * 10)).join('');
    const pairs: [string, string][] = [
      ['10', '9'],
      ['9', '10'],
      ['0', '0'],
      ['000', '0'],
      ['0010', '9'],
      ['0010', '10'],
      ['1'.padStart(21, '0'), '2'.padStart(21, '0')],
    ];
    for (let n = 0; n < 2000; n++) {
      const a = '0'.repeat(n % 3) + digits(1 + Math.floor(Math.random() * 40));
      pairs.push([a, n % 4 === 0 ? a : digits(1 + Math.floor(Math.random() * 40))]);
    }
    for (const [a, b] of pairs) expect([a, b, isAfter(a, b)]).toEqual([a, b, BigInt(a) > BigInt(b)]);
  });
});
