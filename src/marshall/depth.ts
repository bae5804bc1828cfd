import { Refusal } from './path.js';

/** DynamoDB's nesting limit, counting the item itself as level 1 (DynamoDB Local refuses a 33rd level). */
const MAX_DEPTH = 32;

/**
 * The level of a list or map inside a container at level `depth` (the item is level 1), or a
 * {@link Refusal} past DynamoDB's limit; the limit also stops cycles before the stack overflows.
 *
 * @internal
 */
export function deeper(depth: number): number {
  if (depth < MAX_DEPTH) return depth + 1;
  throw new Refusal(
    `nested more than ${MAX_DEPTH} levels deep (counting the item), past DynamoDB's limit; a cycle also ends here: ` +
      'flatten the data, or store the deep part as a JSON string',
  );
}
