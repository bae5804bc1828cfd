import { expect } from 'vitest';
import { InvalidParameterError } from '../../src/errors/client-errors.js';

/** Runs `act`, asserts it threw an InvalidParameterError at `parameter`, and returns the error. */
export function refusal(act: () => unknown, parameter: string): InvalidParameterError {
  let thrown: unknown;
  try {
    act();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(InvalidParameterError);
  const error = thrown as InvalidParameterError;
  expect(error.parameter).toBe(parameter);
  expect(error.message.startsWith(`${parameter}: `)).toBe(true);
  return error;
}
