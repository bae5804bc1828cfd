import { InvalidParameterError } from '../errors/client-errors.js';
import { required, shape } from '../input/shape.js';
import { plainObject } from '../input/validate.js';
import { kindOf } from '../util/kind-of.js';
import { DONE, isShardId, OLDEST, SHARD_ID_RULE } from './positions.js';
import { isSequenceNumber } from './sequence-number.js';
import type { StreamCheckpoint } from './types.js';

const STREAM_ARN = /^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\d{12}:table\/([a-zA-Z0-9_.-]{3,255})\/stream\/[^/\s]{1,100}$/;

/** Whether `value` is a stream ARN (`arn:aws:dynamodb:<region>:<account>:table/<table>/stream/<label>`). @internal */
export function isStreamArn(value: unknown): value is string {
  return typeof value === 'string' && STREAM_ARN.test(value);
}

/** Whether a stream ARN belongs to `table` (a name or a table ARN). @internal */
export function isStreamOfTable(streamArn: string, table: string): boolean {
  return table.startsWith('arn:') ? streamArn.startsWith(`${table}/stream/`) : STREAM_ARN.exec(streamArn)?.[1] === table;
}

/** Checks a stream ARN and returns it. @internal */
export function readStreamArn(value: unknown, path: string): string {
  if (!isStreamArn(value)) {
    const shown = typeof value === 'string' ? `"${value.slice(0, 300)}"` : kindOf(value);
    throw new InvalidParameterError(path, `must be a stream ARN such as arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/2026-01-01T00:00:00.000, got ${shown}`);
  }
  return value;
}

/** Checks that a stream ARN belongs to `table` (a name or a table ARN). @internal */
export function checkStreamOfTable(streamArn: string, table: string, path: string): void {
  if (!isStreamOfTable(streamArn, table)) throw new InvalidParameterError(path, `is a stream of another table than ${table}: ${streamArn}`);
}

/** One shard's entry of a checkpoint: a sequence number, DONE or TRIM_HORIZON. */
function readShardState(value: unknown, path: string): string {
  if (typeof value === 'string' && (value === DONE || value === OLDEST || isSequenceNumber(value))) return value;
  throw new InvalidParameterError(path, `must be a sequence number (digits), "${DONE}" or "${OLDEST}", got ${typeof value === 'string' ? `"${value.slice(0, 100)}"` : kindOf(value)}`);
}

/** A checkpoint's shards: shard ids (1 to 65 characters) to their states, as entries. */
function readShards(value: unknown, path: string): [string, string][] {
  const shards = plainObject(value, path);
  return Object.keys(shards).map((shardId) => {
    const shardPath = `${path}[${JSON.stringify(shardId.slice(0, 100))}]`;
    if (!isShardId(shardId)) throw new InvalidParameterError(shardPath, SHARD_ID_RULE);
    return [shardId, readShardState(shards[shardId], shardPath)];
  });
}

/**
 * Reads a {@link StreamCheckpoint} given back as `startAt` (perhaps after a JSON round trip), checking
 * every field (only own properties), with its shards as entries. @internal
 */
export const readCheckpoint = shape<{ streamArn: string; shards: [string, string][] }>({ streamArn: required(readStreamArn), shards: required(readShards) });

/** Whether `value` is meant as a checkpoint (an object), rather than `'LATEST'` or `'TRIM_HORIZON'`. @internal */
export function isCheckpointLike(value: unknown): value is StreamCheckpoint {
  return typeof value === 'object' && value !== null;
}
