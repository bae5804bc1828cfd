import { AsyncLocalStorage } from 'node:async_hooks';
import { Observable, type MonoTypeOperatorFunction } from 'rxjs';

/**
 * Labels carried by every measurement, attempt record and span of a call. Three are well known;
 * any other string-valued name may be added.
 */
export interface Tags {
  /** The service making the calls. Env: `SERVICE`. */
  service?: string;
  /** The deployment environment (`prod`, `staging`, ...). Env: `ENVIRONMENT`. */
  environment?: string;
  /** The id of the request (or job) the call is made for. */
  correlationId?: string;
  [name: string]: string | undefined;
}

// One store per process, even if two copies of rx-dynamodb are loaded (ESM and CommonJS, or two
// versions): a scope opened with one copy's `withTags` must be seen by the other copy's client.
const STORE_KEY = Symbol.for('rx-dynamodb.tags');
const store: AsyncLocalStorage<Tags> = ((globalThis as Record<symbol, unknown>)[STORE_KEY] ??= new AsyncLocalStorage<Tags>()) as AsyncLocalStorage<Tags>;

const NO_TAGS: Readonly<Tags> = Object.freeze({});

/** The tags of the current scope (see {@link withTags}); an empty object outside any scope. */
export function currentTags(): Readonly<Tags> {
  return store.getStore() ?? NO_TAGS;
}

/**
 * Runs `fn` in a scope whose DynamoDB calls carry `tags`, merged over the enclosing scope's.
 * A call takes its tags when it is subscribed (when it starts sending), not when the method is
 * called: subscribe inside `fn`, or in code that `fn` starts (callbacks, promises and timers
 * keep the scope). To tag an Observable that is subscribed elsewhere, pipe it through
 * {@link tagged}.
 *
 * @example
 * withTags({ correlationId: req.headers['x-request-id'] }, () => db.getItem('Users', key).subscribe(reply));
 */
export function withTags<T>(tags: Tags, fn: () => T): T {
  return store.run({ ...currentTags(), ...definedOnly(tags) }, fn);
}

/**
 * An operator that subscribes its source inside `withTags(tags, ...)`: every call the source
 * makes carries `tags`, wherever the result is subscribed.
 *
 * @example db.query('Orders', opts).pipe(tagged({ correlationId: 'job-42' }), items())
 */
export function tagged<T>(tags: Tags): MonoTypeOperatorFunction<T> {
  return (source) => new Observable<T>((subscriber) => withTags(tags, () => source.subscribe(subscriber)));
}

/** Captures the current tag scope; the function it returns runs `fn` in that scope (re-entering it only when another one is current). @internal */
export function captureTagScope(): (fn: () => void) => void {
  const scope = store.getStore();
  return (fn) => {
    if (store.getStore() === scope) fn();
    else if (scope === undefined) store.exit(fn);
    else store.run(scope, fn);
  };
}

/** A copy without the entries whose value is undefined. @internal */
export function definedOnly(tags: Readonly<Record<string, string | undefined>>): Tags {
  const copy: Tags = {};
  for (const [name, value] of Object.entries(tags)) if (value !== undefined) copy[name] = value;
  return copy;
}

/** Runs `fn` in the tag scope `tags` (as {@link currentTags} returned it), or outside any scope for none or `undefined`. @internal */
export function runInTagScope<T>(tags: Readonly<Tags> | undefined, fn: () => T): T {
  return tags === undefined || tags === NO_TAGS ? store.exit(fn) : store.run(tags as Tags, fn);
}
