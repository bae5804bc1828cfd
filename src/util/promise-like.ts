/** Whether `value` is a Promise or any other thenable, as `await` and `Promise.resolve` decide. @internal */
export function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
