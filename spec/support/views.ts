import { inspect } from 'node:util';

/**
 * Every view a user or a logger may take of a value: text, JSON and deep inspection, and for an
 * error its message, stack and causes too. Specs search them for secrets.
 */
export function views(value: unknown, depth = 0): string[] {
  if (depth > 5 || value === undefined || value === null) return [];
  const own = [String(value), JSON.stringify(value) ?? '', inspect(value, { depth: 10, showHidden: true })];
  if (!(value instanceof Error)) return own;
  return [...own, value.message, value.stack ?? '', ...views(value.cause, depth + 1)];
}
