import { describe, expect, it } from 'vitest';
import { NumberValue } from '../../src/marshall/number-value.js';
import { refusal } from './refusal.js';

describe('NumberValue', () => {
  it('keeps the text it is given, and writes numbers and bigints exactly', () => {
    expect(new NumberValue('1.10').value).toBe('1.10');
    expect(new NumberValue('-12345678901234567890.123456789').value).toBe('-12345678901234567890.123456789');
    expect(new NumberValue(0.1).value).toBe('0.1');
    expect(new NumberValue(-0).value).toBe('0');
    expect(new NumberValue(1e21).value).toBe('1e+21');
    expect(new NumberValue(2n ** 70n).value).toBe('1180591620717411303424');
  });

  it('prints and serialises as its text', () => {
    const value = new NumberValue('12345678901234567890.5');
    expect(String(value)).toBe('12345678901234567890.5');
    expect(`${value}`).toBe('12345678901234567890.5');
    expect(JSON.stringify({ value })).toBe('{"value":"12345678901234567890.5"}');
  });

  it('refuses what DynamoDB could not store exactly', () => {
    for (const bad of ['', 'abc', '+1', ' 1', '1e', '0x1', 'Infinity', '1e126', '1e-131', '1'.repeat(39), NaN, Infinity, 1e300, 5e-324, 10n ** 38n + 1n]) {
      refusal(() => new NumberValue(bad), 'NumberValue');
    }
  });

  it('accepts the limits exactly', () => {
    expect(new NumberValue('9.9999999999999999999999999999999999999E+125').value).toHaveLength(44);
    expect(new NumberValue('-1E-130').value).toBe('-1E-130');
    expect(new NumberValue('0e999999').value).toBe('0e999999');
    expect(new NumberValue(`${'1'.repeat(38)}${'0'.repeat(80)}`).value).toHaveLength(118);
  });

  it('converts to a number only when no precision is lost', () => {
    expect(new NumberValue('0.1').toNumber()).toBe(0.1);
    expect(new NumberValue('1.5e3').toNumber()).toBe(1500);
    expect(Object.is(new NumberValue('-0.0').toNumber(), 0)).toBe(true);
    expect(refusal(() => new NumberValue('9007199254740993').toNumber(), 'NumberValue').message).toMatch(/toBigInt/);
    refusal(() => new NumberValue('0.12345678901234567890123').toNumber(), 'NumberValue');
  });

  it('converts to a bigint only when it is an integer', () => {
    expect(new NumberValue('9007199254740993').toBigInt()).toBe(9007199254740993n);
    expect(new NumberValue('1.5e3').toBigInt()).toBe(1500n);
    expect(new NumberValue('-2.000').toBigInt()).toBe(-2n);
    expect(new NumberValue('0').toBigInt()).toBe(0n);
    expect(refusal(() => new NumberValue('1.5').toBigInt(), 'NumberValue').message).toMatch(/not an integer/);
  });

  it('recognises NumberValues by a realm-independent brand', () => {
    expect(NumberValue.isNumberValue(new NumberValue('1'))).toBe(true);
    expect(NumberValue.isNumberValue({ value: '1' })).toBe(false);
    expect(NumberValue.isNumberValue('1')).toBe(false);
    expect(NumberValue.isNumberValue(null)).toBe(false);
    const fromAnotherCopy = Object.assign(Object.create({ [Symbol.for('rx-dynamodb.NumberValue')]: true }) as object, { value: '2.5' });
    expect(NumberValue.isNumberValue(fromAnotherCopy)).toBe(true);
  });
});
