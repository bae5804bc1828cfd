/** The constructor name of an object, or `object` when it has none usable. @internal */
export function constructorName(value: object): string {
  const name: unknown = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== '' && name.length <= 40 ? name : 'object';
}

/**
 * A short noun phrase for the kind of a value, for error messages (never the value itself): `null`,
 * `undefined`, `a number`, `an array`, `an object` (a plain one), `a Date`. @internal
 */
export function kindOf(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value !== 'object') return withArticle(typeof value);
  if (Array.isArray(value)) return 'an array';
  const name = constructorName(value);
  return withArticle(name === 'Object' ? 'object' : name);
}

function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}
