import { InvalidParameterError } from '../errors/client-errors.js';
import { plainObject } from '../input/validate.js';

/** What an error code looks like: a class name (`ResourceNotFoundException`, `DynamoDBTimeoutError`) or a service code (`HTTP503`). */
const ERROR_CODE = /^[A-Z][A-Za-z0-9]*$/;

/**
 * Names no error carries as its code, each with the code meant: rx-dynamodb 0.1's `TimeoutError`, and
 * the older clients' names of the README's error catalogue. An override under one of them would never match.
 */
const RENAMED: ReadonlyMap<string, string> = new Map([
  ['TimeoutError', 'DynamoDBTimeoutError'],
  ['TimeoutException', 'DynamoDBTimeoutError'],
  ['ThroughputExceeded', 'ProvisionedThroughputExceededException'],
  ['ResourceNotFound', 'ResourceNotFoundException'],
  ['ResourceInUse', 'ResourceInUseException'],
  ['LimitExceeded', 'LimitExceededException'],
  ['ItemCollectionSizeLimitExceeded', 'ItemCollectionSizeLimitExceededException'],
  ['RequestException', 'NetworkError'],
]);

/**
 * Checks the keys of `toHttpError`'s `overrides`: each must be able to match an `error.code`, so a typo,
 * a renamed name or an `Object.prototype` name (`toString`) is an `InvalidParameterError` naming it
 * instead of an override silently never applied. @internal
 */
export function checkOverrideKeys(overrides: unknown): void {
  if (overrides === undefined) return;
  for (const key of Object.keys(plainObject(overrides, 'options.overrides'))) {
    const parameter = `options.overrides.${key}`;
    const renamed = RENAMED.get(key);
    if (renamed !== undefined) throw new InvalidParameterError(parameter, `no error has the code "${key}": use "${renamed}"`);
    if (!ERROR_CODE.test(key)) {
      throw new InvalidParameterError(parameter, 'is not an error code: keys are error class names, which are also error.code (e.g. ResourceNotFoundException)');
    }
  }
}
