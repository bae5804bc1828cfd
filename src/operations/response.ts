import type { ResponseReader } from '../call/send.js';
import { readItem } from '../response/read.js';

/** Reads the response's attribute map under `field` (`Item`, `Attributes`) as native values, or undefined. */
export function attributesOf<T>(field: 'Item' | 'Attributes'): ResponseReader<T | undefined> {
  return (body, origin) => (body[field] === undefined ? undefined : readItem<T>(body[field], origin, field));
}
