import { readConsumedCapacities, type ConsumedCapacity } from './consumed-capacity.js';
import { readItemCollectionMetricsByTable, type ItemCollectionMetrics } from './item-collection-metrics.js';
import type { ResponseOrigin } from './read.js';

/** What a response says about the call besides its result, for its measurement. @internal */
export interface ResponseMetadata {
  /** One entry per table. */
  consumedCapacity?: ConsumedCapacity[];
  /** Per table. */
  itemCollectionMetrics?: Record<string, ItemCollectionMetrics[]>;
}

/**
 * The consumed capacity and item collection metrics of any action's response (a single-item write's
 * metrics filed under `table`), or `undefined` when it has neither. @internal
 */
export function readResponseMetadata(body: Record<string, unknown>, origin: ResponseOrigin, table: string | undefined): ResponseMetadata | undefined {
  if (body['ConsumedCapacity'] === undefined && body['ItemCollectionMetrics'] === undefined) return undefined;
  const metadata: ResponseMetadata = {};
  const consumedCapacity = readConsumedCapacities(body, origin);
  if (consumedCapacity !== undefined) metadata.consumedCapacity = consumedCapacity;
  const itemCollectionMetrics = readItemCollectionMetricsByTable(body, origin, table);
  if (itemCollectionMetrics !== undefined) metadata.itemCollectionMetrics = itemCollectionMetrics;
  return metadata;
}
