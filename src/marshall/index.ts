export { marshall, marshallValue } from './marshall.js';
export { unmarshall, unmarshallValue } from './unmarshall.js';
export { NumberValue } from './number-value.js';
export type { AttributeMap, AttributeValue, Key, NativeItem, NativeSet, NativeValue, UnmarshallOptions } from './types.js';
