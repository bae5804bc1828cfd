import { InvalidParameterError } from '../errors/client-errors.js';
import { nonEmptyText, type Converter } from '../input/reader.js';
import { optional, required, type Fields, type WireFields } from '../input/shape.js';
import { boundedList } from '../input/validate.js';
import { marshallValue } from '../marshall/marshall.js';
import type { AttributeValue, NativeValue } from '../marshall/types.js';
import { kindOf } from '../util/kind-of.js';
import { returnValuesOnConditionCheckFailure } from './option-fields.js';
import type { ReturnValuesOnConditionCheckFailure } from './types.js';

/** A PartiQL statement with its `?` parameters, as `batchExecuteStatement` and `executeTransaction` take it. */
export interface ParameterizedStatement {
  /** e.g. `UPDATE "Users" SET visits = visits + 1 WHERE id = ?`. */
  statement: string;
  /** The values of the statement's `?` placeholders, in order, as native values (marshalled by the client). */
  parameters?: readonly NativeValue[] | undefined;
  /** `ALL_OLD` puts the item's current values on the error when the statement's condition fails. */
  returnValuesOnConditionCheckFailure?: ReturnValuesOnConditionCheckFailure | undefined;
}

/** `parameters`: a non-empty list of native values, each marshalled; `undefined` and holes are refused. @internal */
export const statementParameters: Converter<readonly NativeValue[], AttributeValue[]> = (value, parameter) => {
  if (!Array.isArray(value)) throw new InvalidParameterError(parameter, `must be an array of values, got ${kindOf(value)}`);
  if (value.length === 0) throw new InvalidParameterError(parameter, 'must hold at least one value (DynamoDB refuses an empty list): leave it out when the statement has no ?');
  return Array.from(value, (entry: unknown, index) => {
    if (entry === undefined) {
      throw new InvalidParameterError(`${parameter}[${index}]`, 'undefined cannot be a parameter (or the array has a hole here): pass null, or remove the value and its ?');
    }
    return marshallValue(entry, `${parameter}[${index}]`);
  });
};

/** The fields of a {@link ParameterizedStatement}. @internal */
export const PARAMETERIZED_STATEMENT: Fields<ParameterizedStatement> = {
  statement: required(nonEmptyText, 'is required'),
  parameters: optional(statementParameters),
  returnValuesOnConditionCheckFailure,
};

/**
 * Checks a list of 1 to `max` statements, each read by `read`, and returns their wire forms in order
 * (`{ Statement, Parameters, ... }`); errors name the entry, e.g. `statements[3].parameters[0]`. @internal
 */
export function wireStatements(value: unknown, parameter: string, max: number, read: (entry: unknown, path: string) => WireFields): WireFields[] {
  return boundedList(value, parameter, max, 'statements', read);
}
