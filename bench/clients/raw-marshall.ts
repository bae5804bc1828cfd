/**
 * The least marshalling a client can do: a hand-written recursive converter with no validation,
 * numbers through `Number()` (not exact past 2^53 or 17 digits), no binary, sets of strings only.
 */

/** A wire attribute value, loosely typed. */
export type Wire = Record<string, unknown>;

/** Native value to wire attribute value. */
export function toWire(value: unknown): Wire {
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') return { N: String(value) };
  if (typeof value === 'boolean') return { BOOL: value };
  if (value === null) return { NULL: true };
  if (Array.isArray(value)) return { L: value.map(toWire) };
  if (value instanceof Set) return { SS: [...(value as Set<string>)] };
  return { M: toWireMap(value as Record<string, unknown>) };
}

/** Native object to wire attribute map. */
export function toWireMap(item: Record<string, unknown>): Record<string, Wire> {
  const map: Record<string, Wire> = {};
  for (const name in item) map[name] = toWire(item[name]);
  return map;
}

/** Wire attribute value to native value. */
export function fromWire(value: Wire): unknown {
  for (const type in value) {
    const inner = value[type];
    switch (type) {
      case 'S':
      case 'BOOL':
        return inner;
      case 'N':
        return Number(inner);
      case 'NULL':
        return null;
      case 'L':
        return (inner as Wire[]).map(fromWire);
      case 'M':
        return fromWireMap(inner as Record<string, Wire>);
      case 'SS':
        return new Set(inner as string[]);
      case 'NS':
        return new Set((inner as string[]).map(Number));
    }
  }
  return undefined;
}

/** Wire attribute map to native object. */
export function fromWireMap(map: Record<string, Wire>): Record<string, unknown> {
  const item: Record<string, unknown> = {};
  for (const name in map) item[name] = fromWire(map[name]!);
  return item;
}
