/**
 * Adds `name` to `target` as an own enumerable property, by assignment (the fast path), or by
 * `defineProperty` when it is `__proto__`, which assignment would take as the prototype. @internal
 */
export function setOwnProperty<V>(target: Record<string, V>, name: string, value: V): void {
  if (name === '__proto__') Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
  else target[name] = value;
}
