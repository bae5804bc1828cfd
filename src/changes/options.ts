import { InvalidParameterError } from '../errors/client-errors.js';
import { callable, checkedWhereUsed, integer, literal, type Reader } from '../input/reader.js';
import { MAX_TIMER_MS } from '../util/max-timer.js';
import { optional, shape, unknownOption } from '../input/shape.js';
import { tableName } from '../input/validate.js';
import { kindOf } from '../util/kind-of.js';
import { checkStreamOfTable, isCheckpointLike, readCheckpoint, readStreamArn } from './checkpoint.js';
import type { ChangesOptions, ChangesStart, StreamCheckpoint } from './types.js';
import type { LeaseOptions } from '../operations/lease-options.js';

/** Where a change stream starts, checked. @internal */
export type StartSetting =
  | { readonly from: 'LATEST' | 'TRIM_HORIZON' }
  | { readonly from: 'checkpoint'; readonly streamArn: string; readonly shards: readonly [string, string][] };

/** `ChangesOptions` checked, with every default filled in. @internal */
export interface ChangesSettings {
  readonly table: string;
  readonly start: StartSetting;
  /** The stream named by `streamArn` or by the checkpoint; undefined: the table's latest. */
  readonly streamArn: string | undefined;
  readonly pollIntervalMs: number;
  readonly limit: number | undefined;
  readonly maxShardConcurrency: number;
  readonly onTrimmed: 'error' | 'skipToOldest';
  readonly onPositioned: (() => void) | undefined;
}

/** The defaults of {@link ChangesOptions}. @internal */
export const CHANGES_DEFAULTS = { pollIntervalMs: 1000, maxShardConcurrency: 16, onTrimmed: 'error' } as const;

const readStart: Reader<ChangesStart> = (value, path) => {
  if (value === 'LATEST' || value === 'TRIM_HORIZON') return value;
  if (isCheckpointLike(value)) return value;
  throw new InvalidParameterError(path, `must be 'LATEST', 'TRIM_HORIZON' or a checkpoint from a batch, got ${typeof value === 'string' ? `"${value.slice(0, 100)}"` : kindOf(value)}`);
};

const readChanges = shape<ChangesOptions>(
  {
    startAt: optional(readStart),
    streamArn: optional(readStreamArn),
    pollIntervalMs: optional(integer(0, MAX_TIMER_MS)),
    limit: optional(integer(1, 1000)),
    maxShardConcurrency: optional(integer(1, 10_000)),
    onTrimmed: optional(literal<'error' | 'skipToOldest'>({ error: true, skipToOldest: true })),
    onPositioned: optional(callable<() => void>()),
    // Read by the leased form, to which every options object that declares it goes (src/lease).
    lease: optional(checkedWhereUsed<LeaseOptions>()),
  },
  { unknown: unknownOption },
);

/** Checks `table` and the options of `changes` (those of `changesPaced` without `pacing`). @internal */
export function readChangesOptions(table: unknown, options: unknown): ChangesSettings {
  const name = tableName(table);
  const given = options === undefined ? {} : readChanges(options, 'options');
  const start = startSetting(given.startAt);
  let streamArn = given.streamArn;
  if (streamArn !== undefined) checkStreamOfTable(streamArn, name, 'options.streamArn');
  if (start.from === 'checkpoint') {
    if (streamArn !== undefined && streamArn !== start.streamArn) throw new InvalidParameterError('options.streamArn', `differs from the checkpoint's (${start.streamArn}); leave it out to resume the checkpoint's stream`);
    checkStreamOfTable(start.streamArn, name, 'options.startAt.streamArn');
    streamArn = start.streamArn;
  }
  return {
    table: name,
    start,
    streamArn,
    pollIntervalMs: given.pollIntervalMs ?? CHANGES_DEFAULTS.pollIntervalMs,
    limit: given.limit,
    maxShardConcurrency: given.maxShardConcurrency ?? CHANGES_DEFAULTS.maxShardConcurrency,
    onTrimmed: given.onTrimmed ?? CHANGES_DEFAULTS.onTrimmed,
    onPositioned: given.onPositioned,
  };
}

function startSetting(startAt: ChangesStart | undefined): StartSetting {
  if (startAt === undefined || startAt === 'LATEST' || startAt === 'TRIM_HORIZON') return { from: startAt ?? 'LATEST' };
  return { from: 'checkpoint', ...readCheckpoint(startAt satisfies StreamCheckpoint, 'options.startAt') };
}
