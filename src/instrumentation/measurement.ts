import type { ConsumedCapacity } from '../response/consumed-capacity.js';
import type { ItemCollectionMetrics } from '../response/item-collection-metrics.js';
import type { Tags } from './tags.js';

/** One record per DynamoDB call, handed to `onMeasurement` when the call ends (success or final failure). */
export interface Measurement {
  /** The DynamoDB action, e.g. `GetItem`. */
  action: string;
  /** The table, when the call names one. */
  table?: string;
  /** Milliseconds from subscribe to the end of the last attempt, retries and backoff included. */
  durationMs: number;
  /** HTTP attempts made (1 when the first one succeeded). */
  attempts: number;
  /** HTTP status of the last response, when there was one. */
  statusCode?: number;
  /** The final error's code, when the call failed. */
  error?: string;
  /** Capacity the response consumed, one entry per table, when asked for with `returnConsumedCapacity`. */
  consumedCapacity?: ConsumedCapacity[];
  /** Item collection sizes per table, when asked for with `returnItemCollectionMetrics: 'SIZE'` on a table with local secondary indexes. */
  itemCollectionMetrics?: Record<string, ItemCollectionMetrics[]>;
  /** The call's tags (client tags, then scope tags), when there are any. */
  tags?: Tags;
}
