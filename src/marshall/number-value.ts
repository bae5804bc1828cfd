import { bigintText, decimalToBigInt, exactDouble, isInteger, numberText, readDecimal } from './decimal.js';
import { InvalidParameterError } from '../errors/client-errors.js';
import { quote, settle } from './path.js';

/** Marks NumberValues so that {@link NumberValue.isNumberValue} works across realms and duplicated installs. */
const BRAND = Symbol.for('rx-dynamodb.NumberValue');

/**
 * An exact DynamoDB number kept as its decimal text, for values a JS `number` cannot hold (more than ~15
 * significant digits, or decimals such as `0.12345678901234567890123`). `unmarshall` returns one for such
 * decimals (and for every number with `wrapNumbers: true`); `marshall` writes `value` as it is.
 *
 * @example
 * const price = new NumberValue('12345678901234567890.123');
 * price.value; // '12345678901234567890.123'
 * new NumberValue(2n ** 70n).toBigInt(); // 1180591620717411303424n
 */
export class NumberValue {
  /** The number as decimal text, as given (a `number` argument is written in its shortest form, `-0` as `0`). */
  readonly value: string;

  /**
   * Checks `value` against DynamoDB's rules (syntax, 38 significant digits, magnitude 1E-130 .. 9.99…E+125).
   *
   * @throws InvalidParameterError when DynamoDB could not store it exactly.
   */
  constructor(value: string | number | bigint) {
    try {
      if (typeof value === 'string') readDecimal(value);
      this.value = typeof value === 'string' ? value : typeof value === 'number' ? numberText(value) : bigintText(value);
    } catch (error) {
      throw settle(error, 'NumberValue');
    }
  }

  /** True for a NumberValue, even one made by another copy of this library. */
  static isNumberValue(value: unknown): value is NumberValue {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

  /** The decimal text. */
  toString(): string {
    return this.value;
  }

  /** The decimal text, so `JSON.stringify` keeps every digit. */
  toJSON(): string {
    return this.value;
  }

  /**
   * The value as a JS number.
   *
   * @throws InvalidParameterError when no double is exactly this number; use `value` or `toBigInt()` then.
   */
  toNumber(): number {
    const double = exactDouble(this.value, readDecimal(this.value));
    if (double !== undefined) return double;
    throw new InvalidParameterError('NumberValue', `${quote(this.value)} cannot be a JS number without losing precision: use .value, or toBigInt() for an integer`);
  }

  /**
   * The value as a bigint.
   *
   * @throws InvalidParameterError when it has a fractional part.
   */
  toBigInt(): bigint {
    const decimal = readDecimal(this.value);
    if (isInteger(decimal)) return decimalToBigInt(decimal);
    throw new InvalidParameterError('NumberValue', `${quote(this.value)} is not an integer: use .value, or toNumber()`);
  }
}

Object.defineProperty(NumberValue.prototype, BRAND, { value: true });
