import { map, type Observable } from 'rxjs';
import { NoCredentialsError } from '../../errors/client-errors.js';
import type { Credentials } from './types.js';

/** @internal A source in the chain that has nothing to offer (not configured, nothing found): why, for the final error. */
export interface Unavailable {
  readonly unavailable: string;
}

/** @internal What a source in the chain emits: credentials, or why it has none. Broken sources error instead. */
export type SourceResult = Credentials | Unavailable;

/** @internal Says why a source has nothing, e.g. `unavailable('environment: AWS_ACCESS_KEY_ID is not set')`. */
export function unavailable(reason: string): Unavailable {
  return { unavailable: reason };
}

/** @internal Whether a source said it has nothing. */
export function isUnavailable(result: SourceResult): result is Unavailable {
  return 'unavailable' in result;
}

/** @internal Turns a chain source into a standalone provider: "nothing here" becomes a {@link NoCredentialsError}. */
export function orNoCredentials(source: Observable<SourceResult>): Observable<Credentials> {
  return source.pipe(
    map((result) => {
      if (isUnavailable(result)) throw new NoCredentialsError(`no AWS credentials: ${result.unavailable}`);
      return result;
    }),
  );
}
