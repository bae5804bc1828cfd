import type { Key } from '../marshall/types.js';
import { malformed, readItem, readList, readMap, readNumber, readString, type ResponseOrigin } from '../response/read.js';
import type { ChangeEventName, ChangeRecord } from './types.js';

const EVENT_NAMES: ReadonlySet<string> = new Set<ChangeEventName>(['INSERT', 'MODIFY', 'REMOVE']);

/** Whether a REMOVE was made by time to live: DynamoDB itself, as a service, is its user identity. */
function madeByTtl(identity: unknown, origin: ResponseOrigin, path: string): boolean {
  if (identity === undefined) return false;
  const fields = readMap(identity, origin, path);
  return fields['Type'] === 'Service' && fields['PrincipalId'] === 'dynamodb.amazonaws.com';
}

/** One stream record of a GetRecords response as a {@link ChangeRecord}. */
function toChangeRecord<T>(value: unknown, origin: ResponseOrigin, path: string, shardId: string): ChangeRecord<T> {
  const record = readMap(value, origin, path);
  const eventName = readString(record['eventName'], origin, `${path}.eventName`);
  if (!EVENT_NAMES.has(eventName)) throw malformed(origin, `${path}.eventName`, `not INSERT, MODIFY or REMOVE, got "${eventName.slice(0, 40)}"`);
  const changePath = `${path}.dynamodb`;
  const change = readMap(record['dynamodb'], origin, changePath);
  const result: ChangeRecord<T> = {
    eventId: readString(record['eventID'], origin, `${path}.eventID`),
    eventName: eventName as ChangeEventName,
    keys: readItem<Key>(change['Keys'], origin, `${changePath}.Keys`),
    sequenceNumber: readString(change['SequenceNumber'], origin, `${changePath}.SequenceNumber`),
    approximateCreationTime: new Date(readNumber(change['ApproximateCreationDateTime'], origin, `${changePath}.ApproximateCreationDateTime`) * 1000),
    sizeBytes: readNumber(change['SizeBytes'], origin, `${changePath}.SizeBytes`),
    shardId,
    byTtl: eventName === 'REMOVE' && madeByTtl(record['userIdentity'], origin, `${path}.userIdentity`),
  };
  if (change['NewImage'] !== undefined) result.newImage = readItem<T>(change['NewImage'], origin, `${changePath}.NewImage`);
  if (change['OldImage'] !== undefined) result.oldImage = readItem<T>(change['OldImage'], origin, `${changePath}.OldImage`);
  return result;
}

/**
 * The records of a GetRecords response as {@link ChangeRecord}s of `shardId`, in order; a record that
 * is not what DynamoDB Streams sends fails with a MalformedResponseError naming its path. @internal
 */
export function toChangeRecords<T>(records: unknown, origin: ResponseOrigin, shardId: string): ChangeRecord<T>[] {
  const list = records === undefined ? [] : readList(records, origin, 'Records');
  const changes = new Array<ChangeRecord<T>>(list.length);
  for (let index = 0; index < list.length; index++) changes[index] = toChangeRecord<T>(list[index], origin, `Records[${index}]`, shardId);
  return changes;
}
