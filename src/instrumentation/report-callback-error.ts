import { config } from 'rxjs';

/**
 * Runs a user callback (`onMeasurement`, `onError`) so that its exception cannot break the call:
 * the exception goes where RxJS sends unhandled errors (`config.onUnhandledError`, else thrown
 * asynchronously), the way RxJS reports errors thrown by subscribers.
 */
export function runCallback<T>(callback: ((value: T) => void) | undefined, value: T): void {
  if (!callback) return;
  try {
    callback(value);
  } catch (error) {
    if (config.onUnhandledError) config.onUnhandledError(error);
    else setTimeout(() => {
      throw error;
    });
  }
}
