// Converters of native values that go on the wire as attribute values: keys, items, expression placeholders.
import { InvalidParameterError } from '../errors/client-errors.js';
import { marshall } from '../marshall/marshall.js';
import { nameSegment } from '../marshall/path.js';
import type { AttributeMap, Key, NativeValue } from '../marshall/types.js';
import type { Converter } from './reader.js';
import { nonEmptyText } from './reader.js';
import { plainObject } from './validate.js';

/** `expressionAttributeNames`: `{ '#name': 'attribute' }`. @internal */
export const attributeNames: Converter<Record<string, string>> = (value, path) => {
  const names = plainObject(value, path);
  const result: Record<string, string> = {};
  for (const placeholder of Object.keys(names)) {
    const at = path + nameSegment(placeholder);
    if (!placeholder.startsWith('#')) throw new InvalidParameterError(at, 'placeholders must start with "#"');
    result[placeholder] = nonEmptyText(names[placeholder], at);
  }
  return result;
};

/**
 * Throws naming the first of `names` that `wire` (marshalled from an input listing `names`) lacks:
 * marshall leaves out a property whose value is `undefined`. Checked on the marshalled result, so each
 * value is read once: a getter cannot read valid here and `undefined` when sent.
 */
function requireMarshalled(wire: AttributeMap, names: readonly string[], path: string, problem: string): void {
  for (const name of names) if (!Object.hasOwn(wire, name)) throw new InvalidParameterError(path + nameSegment(name), problem);
}

/**
 * `expressionAttributeValues`: `{ ':value': nativeValue }`, marshalled. A placeholder whose value is
 * `undefined` is refused: left out, the expression would name a value DynamoDB never gets. @internal
 */
export const attributeValues: Converter<Record<string, NativeValue>, AttributeMap> = (value, path) => {
  const values = plainObject(value, path);
  const placeholders = Object.keys(values);
  for (const placeholder of placeholders) {
    if (!placeholder.startsWith(':')) throw new InvalidParameterError(path + nameSegment(placeholder), 'placeholders must start with ":"');
  }
  const wire = marshall(values, path);
  requireMarshalled(wire, placeholders, path, 'is undefined: the expression would use a value DynamoDB never gets; give it a value (null for NULL) or remove the placeholder');
  return wire;
};

/**
 * A primary key (or start key) of native values, marshalled. A key attribute that is `undefined` is
 * refused rather than left out, which would send another key. @internal
 */
export const key: Converter<Key, AttributeMap> = (value, path) => {
  const attributes = plainObject(value, path);
  const names = Object.keys(attributes);
  if (names.length === 0) throw new InvalidParameterError(path, 'must name at least one key attribute');
  const wire = marshall(attributes, path);
  requireMarshalled(wire, names, path, 'is undefined: a key attribute needs a value');
  return wire;
};

/** An item of native values (a plain object), marshalled. @internal */
export const item: Converter<object, AttributeMap> = (value, path) => marshall(plainObject(value, path), path);
