import { InvalidParameterError } from '../errors/client-errors.js';

/**
 * A problem found somewhere inside a value. Thrown by the recursive walkers instead of an Error (no stack
 * capture, no path building on the happy path); each container it passes prefixes its own path segment, and
 * the public entry point turns it into an {@link InvalidParameterError} with {@link settle}.
 *
 * @internal
 */
export class Refusal {
  /** The path below the entry point, e.g. `.address.zip` or `.tags[3]`. */
  path = '';
  constructor(readonly problem: string) {}
}

/** Prefixes `segment` to the path of a {@link Refusal} leaving a container; other errors pass unchanged. @internal */
export function within(error: unknown, segment: string): unknown {
  if (error instanceof Refusal) error.path = segment + error.path;
  return error;
}

/** Turns a {@link Refusal} into the public error, rooted at `root` (e.g. `item`); other errors pass unchanged. @internal */
export function settle(error: unknown, root: string): unknown {
  return error instanceof Refusal ? new InvalidParameterError(root + error.path, error.problem) : error;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const LONGEST_NAME_SHOWN = 64;

/** The path segment of a map entry: `.name`, or `["odd name"]` when it is not an identifier (long names shortened). @internal */
export function nameSegment(name: string): string {
  if (IDENTIFIER.test(name) && name.length <= LONGEST_NAME_SHOWN) return `.${name}`;
  const shown = name.length <= LONGEST_NAME_SHOWN ? JSON.stringify(name) : `${JSON.stringify(name.slice(0, LONGEST_NAME_SHOWN))}…`;
  return `[${shown}]`;
}

/** The path segment of a list element: `[3]`. @internal */
export function indexSegment(index: number): string {
  return `[${index}]`;
}

/** The path segment of a set element (sets have no positions): `<set>`. @internal */
export const SET_SEGMENT = '<set>';

/** Short text of a scalar for messages: itself when short, else its start and length. @internal */
export function quote(text: string): string {
  return text.length <= 40 ? text : `${text.slice(0, 24)}… (${text.length} characters)`;
}
