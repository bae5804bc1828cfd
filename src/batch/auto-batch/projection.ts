/** A projection that returns every key attribute, so that each item of a BatchGetItem answer names its key. @internal */
export interface KeyedProjection {
  projectionExpression: string;
  expressionAttributeNames: Record<string, string>;
  /** Key attributes the caller's projection left out and this one adds: taken off each item before a caller gets it. */
  added: string[];
}

/** A placeholder of the form `#key<n>` that `names` does not use yet. */
function freshPlaceholder(names: Readonly<Record<string, string>>, from: number): [string, number] {
  let n = from;
  while (Object.hasOwn(names, `#key${n}`)) n++;
  return [`#key${n}`, n + 1];
}

/**
 * `projection` (with its `names`) extended to return the key attributes `keyNames`: a BatchGetItem answer
 * is a set of items, matched to their callers by key, while GetItem answers one key and may project it away.
 * Each attribute the projection does not name as a whole top-level path is added through a fresh `#key<n>`
 * placeholder. Undefined when a key attribute appears only as part of a longer path (`pk.a`, `pk[0]`):
 * adding it would overlap that path, which DynamoDB refuses, so such a call goes alone as GetItem.
 * @example keyedProjection('a, #n.b', { '#n': 'c' }, ['pk']) // { projectionExpression: 'a, #n.b, #key0', expressionAttributeNames: { '#n': 'c', '#key0': 'pk' }, added: ['pk'] }
 * @internal
 */
export function keyedProjection(projection: string, names: Readonly<Record<string, string>> | undefined, keyNames: readonly string[]): KeyedProjection | undefined {
  const given = names ?? {};
  const whole = new Set<string>();
  const partial = new Set<string>();
  for (const element of projection.split(',')) {
    // Names in expressions hold no white space (other names go through placeholders), so it can go.
    const path = element.replace(/\s+/g, '');
    const top = /^[^.[]*/.exec(path)![0];
    const name = top.startsWith('#') ? (Object.hasOwn(given, top) ? given[top] : undefined) : top;
    if (name === undefined) continue;
    (top === path ? whole : partial).add(name);
  }
  const result: KeyedProjection = { projectionExpression: projection, expressionAttributeNames: { ...given }, added: [] };
  let next = 0;
  for (const keyName of keyNames) {
    if (whole.has(keyName)) continue;
    if (partial.has(keyName)) return undefined;
    const [placeholder, after] = freshPlaceholder(result.expressionAttributeNames, next);
    next = after;
    result.projectionExpression += `, ${placeholder}`;
    result.expressionAttributeNames[placeholder] = keyName;
    result.added.push(keyName);
  }
  return result;
}
