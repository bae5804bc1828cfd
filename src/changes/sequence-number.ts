/** The most digits a sequence number may have (DynamoDB Streams' have 21 to 40). */
const MAX_DIGITS = 64;
const ZERO = 48;
const NINE = 57;

/** Whether `value` is a sequence number: 1 to 64 ASCII digits. Checked with a loop: no allocation per record. @internal */
export function isSequenceNumber(value: string): boolean {
  if (value.length === 0 || value.length > MAX_DIGITS) return false;
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code < ZERO || code > NINE) return false;
  }
  return true;
}

/** Where the significant digits of a sequence number start (DynamoDB Local pads with zeros). */
function firstSignificant(sequenceNumber: string): number {
  let index = 0;
  while (index < sequenceNumber.length - 1 && sequenceNumber.charCodeAt(index) === ZERO) index++;
  return index;
}

/**
 * Whether sequence number `later` is greater than `earlier`, as the numbers they are (too big for a
 * double): more significant digits, or as many and the first that differs greater. @internal
 */
export function isAfter(later: string, earlier: string): boolean {
  let i = firstSignificant(later);
  let j = firstSignificant(earlier);
  const length = later.length - i;
  if (length !== earlier.length - j) return length > earlier.length - j;
  for (; i < later.length; i++, j++) {
    const difference = later.charCodeAt(i) - earlier.charCodeAt(j);
    if (difference !== 0) return difference > 0;
  }
  return false;
}
