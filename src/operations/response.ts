import type { WireResponse } from '../http/types.js';
import type { AttributeMap } from '../marshall/types.js';
import { unmarshall } from '../marshall/unmarshall.js';

/** The response's attribute map under `field` (`Item`, `Attributes`), unmarshalled, or undefined. */
export function attributesOf<T>(response: WireResponse, field: 'Item' | 'Attributes'): T | undefined {
  const attributes = response[field];
  return attributes === undefined ? undefined : unmarshall<T>(attributes as AttributeMap);
}
