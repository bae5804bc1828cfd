// The fields many calls' options share, each declared once against its public type.
import { attributeNames, attributeValues } from '../input/attributes.js';
import { literal, nonEmptyText } from '../input/reader.js';
import { optional, type Fields } from '../input/shape.js';
import type { ConditionalWriteOptions, ReturnConsumedCapacity, ReturnItemCollectionMetrics, ReturnValuesOnConditionCheckFailure } from './types.js';

/** `returnConsumedCapacity`, which every read and write takes. @internal */
export const returnConsumedCapacity = optional(literal<ReturnConsumedCapacity>({ INDEXES: true, TOTAL: true, NONE: true }));
/** `returnItemCollectionMetrics`, which writes take. @internal */
export const returnItemCollectionMetrics = optional(literal<ReturnItemCollectionMetrics>({ SIZE: true, NONE: true }));
/** `returnValuesOnConditionCheckFailure`, which conditional writes take. @internal */
export const returnValuesOnConditionCheckFailure = optional(literal<ReturnValuesOnConditionCheckFailure>({ ALL_OLD: true, NONE: true }));
/** `expressionAttributeNames`, which every call with an expression takes. @internal */
export const expressionAttributeNames = optional(attributeNames);
/** `expressionAttributeValues`, which every call with a condition, filter or update takes. @internal */
export const expressionAttributeValues = optional(attributeValues);
/** `projectionExpression`, `conditionExpression` and the like, when optional. @internal */
export const expression = optional(nonEmptyText);

/** The options of every conditional single-item write. @internal */
export const CONDITIONAL_WRITE: Fields<ConditionalWriteOptions> = {
  conditionExpression: expression,
  expressionAttributeNames,
  expressionAttributeValues,
  returnConsumedCapacity,
  returnItemCollectionMetrics,
  returnValuesOnConditionCheckFailure,
};
