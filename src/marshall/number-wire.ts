import { bigintText, decimalToBigInt, exactDouble, isInteger, numberText, readDecimal } from './decimal.js';
import { NumberValue } from './number-value.js';
import { Refusal } from './path.js';

/**
 * The wire text of a native number, checked against DynamoDB's rules; throws a {@link Refusal}.
 *
 * @internal
 */
export function numericText(value: number | bigint | NumberValue): string {
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'bigint') return bigintText(value);
  // Re-read: a NumberValue from another copy of the library (or a forged brand) is not trusted blindly.
  if (typeof value.value !== 'string') throw new Refusal('this NumberValue has no text value: build it with new NumberValue(...)');
  readDecimal(value.value);
  return value.value;
}

const C_0 = 48;
const C_9 = 57;
const C_DOT = 46;
const C_MINUS = 45;
/** Exact powers of ten as doubles, for up to 15 fractional digits. */
const POWERS_OF_TEN = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15] as const;

/**
 * The common case in one pass, without allocating: plain notation, at most 15 digits. The digits form an
 * integer below 2^53 (exact), the divisor 10^k (k <= 15) is exact, so one IEEE division gives the double
 * nearest the decimal (Clinger's fast path); and a decimal of at most 15 significant digits is the shortest
 * form of that double (10^15 < 2^52), so the double is exact in the sense of this module. Anything else
 * (exponents, longer numbers, bad syntax) returns undefined for the careful path.
 */
function quickNumber(text: string): number | undefined {
  const end = text.length;
  let i = 0;
  const negative = text.charCodeAt(0) === C_MINUS;
  if (negative) i = 1;
  let integer = 0;
  let digits = 0;
  let point = -1;
  for (; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code >= C_0 && code <= C_9) {
      integer = integer * 10 + (code - C_0);
      digits++;
    } else if (code === C_DOT && point < 0) point = digits;
    else return undefined;
  }
  if (digits === 0 || digits > 15) return undefined;
  const magnitude = point < 0 ? integer : integer / (POWERS_OF_TEN[digits - point] ?? 1);
  return negative && magnitude !== 0 ? -magnitude : magnitude;
}

/**
 * A wire number as a native one, never losing precision: a `number` when a double is exactly this decimal,
 * else a `bigint` for an integer and a {@link NumberValue} for a fraction; always a NumberValue with
 * `wrapNumbers`. Throws a {@link Refusal} for text that is not a DynamoDB number.
 *
 * @internal
 */
export function nativeNumber(text: string, wrapNumbers: boolean): number | bigint | NumberValue {
  if (!wrapNumbers) {
    const quick = quickNumber(text);
    if (quick !== undefined) return quick;
  }
  const decimal = readDecimal(text);
  if (wrapNumbers) return new NumberValue(text);
  const double = exactDouble(text, decimal);
  if (double !== undefined) return double;
  return isInteger(decimal) ? decimalToBigInt(decimal) : new NumberValue(text);
}
