import type { Key } from '../marshall/types.js';
import { malformed, readCount, readItem, readList, readMap, readNumber, readString, type ResponseOrigin } from '../response/read.js';
import { isAfter, isSequenceNumber } from './sequence-number.js';
import type { ChangeEventName, ChangeRecord } from './types.js';

const EVENT_NAMES: ReadonlySet<string> = new Set<ChangeEventName>(['INSERT', 'MODIFY', 'REMOVE']);
/** How DynamoDB Local (3.3) names the REMOVEs of its time-to-live deletions, which have no user identity. */
const DYNAMODB_LOCAL_TTL_EVENT = 'UNKNOWN_TO_SDK_VERSION';
/** The latest time a Date holds, in seconds since 1970. */
const MAX_EPOCH_SECONDS = 8.64e12;

/** Whether a REMOVE was made by time to live: DynamoDB itself, as a service, is its user identity. */
function madeByTtl(identity: unknown, origin: ResponseOrigin, path: string): boolean {
  if (identity === undefined) return false;
  const fields = readMap(identity, origin, path, '.userIdentity');
  return fields['Type'] === 'Service' && fields['PrincipalId'] === 'dynamodb.amazonaws.com';
}

/** A sequence number: digits, as the checkpoint takes them back. */
function readSequenceNumber(value: unknown, origin: ResponseOrigin, path: string, member: string): string {
  const sequenceNumber = readString(value, origin, path, member);
  if (!isSequenceNumber(sequenceNumber)) throw malformed(origin, path + member, `not a sequence number (1 to 64 digits), got "${sequenceNumber.slice(0, 100)}"`);
  return sequenceNumber;
}

/** Seconds since 1970 as a valid Date. */
function readEpochSeconds(value: unknown, origin: ResponseOrigin, path: string, member: string): Date {
  const seconds = readNumber(value, origin, path, member);
  if (seconds < 0 || seconds > MAX_EPOCH_SECONDS) throw malformed(origin, path + member, `not a time in seconds since 1970, got ${seconds}`);
  return new Date(seconds * 1000);
}

/**
 * One stream record of a GetRecords response (at `path`, e.g. `Records[3]`) as a {@link ChangeRecord}. Its
 * fields' paths are passed as `path` and a member, joined only for an error: no strings built per record.
 */
function toChangeRecord<T>(value: unknown, origin: ResponseOrigin, path: string, shardId: string): ChangeRecord<T> {
  const record = readMap(value, origin, path);
  const eventName = readString(record['eventName'], origin, path, '.eventName');
  const byLocalTtl = eventName === DYNAMODB_LOCAL_TTL_EVENT;
  if (!byLocalTtl && !EVENT_NAMES.has(eventName)) throw malformed(origin, `${path}.eventName`, `not INSERT, MODIFY or REMOVE, got "${eventName.slice(0, 40)}"`);
  const change = readMap(record['dynamodb'], origin, path, '.dynamodb');
  const result: ChangeRecord<T> = {
    eventId: readString(record['eventID'], origin, path, '.eventID'),
    eventName: byLocalTtl ? 'REMOVE' : (eventName as ChangeEventName),
    keys: readItem<Key>(change['Keys'], origin, path, '.dynamodb.Keys'),
    sequenceNumber: readSequenceNumber(change['SequenceNumber'], origin, path, '.dynamodb.SequenceNumber'),
    approximateCreationTime: readEpochSeconds(change['ApproximateCreationDateTime'], origin, path, '.dynamodb.ApproximateCreationDateTime'),
    sizeBytes: readCount(change['SizeBytes'], origin, path, '.dynamodb.SizeBytes'),
    shardId,
    byTtl: byLocalTtl || (eventName === 'REMOVE' && madeByTtl(record['userIdentity'], origin, path)),
  };
  if (change['NewImage'] !== undefined) result.newImage = readItem<T>(change['NewImage'], origin, path, '.dynamodb.NewImage');
  if (change['OldImage'] !== undefined) result.oldImage = readItem<T>(change['OldImage'], origin, path, '.dynamodb.OldImage');
  return result;
}

/**
 * The records of a GetRecords response as {@link ChangeRecord}s of `shardId`, in order; a record that
 * is not what DynamoDB Streams sends fails with a MalformedResponseError naming its path, and so does
 * a sequence number not greater than the one before it (in the response, or `lastRead`: the last
 * record read from the shard before). @internal
 */
export function toChangeRecords<T>(records: unknown, origin: ResponseOrigin, shardId: string, lastRead: string | undefined): ChangeRecord<T>[] {
  const list = records === undefined ? [] : readList(records, origin, 'Records');
  const changes = new Array<ChangeRecord<T>>(list.length);
  let previous = lastRead;
  for (let index = 0; index < list.length; index++) {
    const change = toChangeRecord<T>(list[index], origin, `Records[${index}]`, shardId);
    if (previous !== undefined && !isAfter(change.sequenceNumber, previous)) {
      const before = index === 0 ? `the last record read from shard ${shardId} before` : `Records[${index - 1}]`;
      throw malformed(origin, `Records[${index}].dynamodb.SequenceNumber`, `${change.sequenceNumber} is not after ${previous} (${before}): a shard's sequence numbers only increase`);
    }
    previous = change.sequenceNumber;
    changes[index] = change;
  }
  return changes;
}
