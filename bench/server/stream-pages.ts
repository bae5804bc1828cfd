import zlib from 'node:zlib';
import { marshall } from '@aws-sdk/util-dynamodb';
import {
  ORDINAL_DIGITS,
  RECORDS_PER_PAGE,
  changedImage,
  changedKey,
  eventOf,
  parseShardId,
  parseStreamArn,
  recordOrdinal,
  sequenceNumberOf,
  shardIdOf,
  streamArnOf,
  type ShardPlace,
  type StreamLayout,
} from '../data/changes.js';
import { canned, errorResponse, type CannedResponse } from './responses.js';

/** Shards per DescribeStream page, as DynamoDB Streams pages them. */
const SHARDS_PER_PAGE = 100;
const EVENT_ID_DIGITS = 32;
/** Shard iterators are opaque strings of a few hundred characters; ours carry the shard and the record to read next. */
const ITERATOR_LENGTH = 300;

/** A GetRecords body built per request: its bytes (the records, then the end), and their CRC32; `done` gives the records' buffer back once sent. */
export interface RecordsBody {
  readonly chunks: readonly [Buffer, Buffer];
  readonly crc: number;
  done(): void;
}

/** The records of one page size, serialised once, with where each record's sequence number digits and event id go; buffers of it not in use are kept for reuse. */
interface PageTemplate {
  readonly bytes: Buffer;
  readonly ordinalAt: readonly number[];
  readonly eventIdAt: readonly number[];
  readonly free: Buffer[];
}

const ORDINAL_MARK = '#'.repeat(ORDINAL_DIGITS);
const EVENT_ID_MARK = '@'.repeat(EVENT_ID_DIGITS);
const DIGIT = 48;
const HEX = Buffer.from('0123456789abcdef', 'latin1');

/** Stream record `i` of a page in wire form (NEW_AND_OLD_IMAGES), with marks where its sequence number's digits and event id go. */
function wireRecord(i: number): object {
  const event = eventOf(i);
  const dynamodb: Record<string, unknown> = { ApproximateCreationDateTime: 1705314600 + (i >> 4), Keys: marshall(changedKey(i)) };
  if (event !== 'REMOVE' && event !== 'TTL') dynamodb['NewImage'] = marshall(changedImage(i, event === 'INSERT' ? 0 : 2));
  if (event !== 'INSERT') dynamodb['OldImage'] = marshall(changedImage(i, 1));
  dynamodb['SequenceNumber'] = `44${ORDINAL_MARK}`;
  dynamodb['StreamViewType'] = 'NEW_AND_OLD_IMAGES';
  const record: Record<string, unknown> = { awsRegion: 'us-east-1', dynamodb, eventID: EVENT_ID_MARK, eventName: event === 'TTL' ? 'REMOVE' : event, eventSource: 'aws:dynamodb', eventVersion: '1.1' };
  if (event === 'TTL') record['userIdentity'] = { PrincipalId: 'dynamodb.amazonaws.com', Type: 'Service' };
  dynamodb['SizeBytes'] = JSON.stringify(dynamodb).length;
  return record;
}

function buildTemplate(count: number): PageTemplate {
  const ordinalAt: number[] = [];
  const eventIdAt: number[] = [];
  let text = '{"Records":[';
  for (let i = 0; i < count; i++) {
    if (i) text += ',';
    const record = JSON.stringify(wireRecord(i));
    ordinalAt.push(text.length + record.indexOf(ORDINAL_MARK));
    eventIdAt.push(text.length + record.indexOf(EVENT_ID_MARK));
    text += record;
  }
  return { bytes: Buffer.from(`${text}]`, 'latin1'), ordinalAt, eventIdAt, free: [] };
}

/** Writes `ordinal` as `ORDINAL_DIGITS` decimal digits at `at`. */
function writeOrdinal(bytes: Buffer, at: number, ordinal: number): void {
  for (let k = at + ORDINAL_DIGITS - 1; k >= at; k--) {
    bytes[k] = DIGIT + (ordinal % 10);
    ordinal = Math.floor(ordinal / 10);
  }
}

/** Writes an event id of 32 hex digits that looks random but is unique per ordinal (four 32-bit mixes of it). */
function writeEventId(bytes: Buffer, at: number, ordinal: number): void {
  for (let word = 0; word < 4; word++) {
    let bits = Math.imul(ordinal ^ Math.imul(word + 1, 0x5bd1e995), 0x9e3779b1) >>> 0;
    if (word === 3) bits = ordinal >>> 0;
    for (let k = at + word * 8 + 7; k >= at + word * 8; k--) {
      bytes[k] = HEX[bits & 15]!;
      bits >>>= 4;
    }
  }
}

/**
 * Serves the streams of {@link StreamLayout}s (see `data/changes.ts`) as DynamoDB Streams does:
 * DescribeStream (100 shards a page, `ExclusiveStartShardId`, `ShardFilter` `CHILD_SHARDS`),
 * GetShardIterator (TRIM_HORIZON, LATEST, AT_/AFTER_SEQUENCE_NUMBER) and GetRecords (up to 1,000
 * records, `Limit`; no `NextShardIterator` once a shard is read to its end). A page's records are
 * serialised once per page size; each response writes its records' sequence numbers and event ids
 * into a buffer of them (reused once sent), so a stream of any length costs the memory of the pages
 * in flight, and a page costs the server little more than its CRC32.
 */
export class StreamServer {
  readonly #templates = new Map<number, PageTemplate>();
  readonly #descriptions = new Map<string, CannedResponse>();

  /** The answer to a DynamoDB Streams `action` with request body `request`. */
  answer(action: string, request: Record<string, unknown>): CannedResponse | RecordsBody {
    switch (action) {
      case 'DescribeStream':
        return this.#describe(request);
      case 'GetShardIterator':
        return this.#shardIterator(request);
      case 'GetRecords':
        return this.#records(request);
      default:
        return errorResponse('UnknownOperationException', `canned stream server: no answer for ${action}`);
    }
  }

  #describe(request: Record<string, unknown>): CannedResponse {
    const arn = String(request['StreamArn']);
    const filter = request['ShardFilter'] as { ShardId?: string } | undefined;
    const id = `${arn} ${String(request['ExclusiveStartShardId'])} ${filter?.ShardId}`;
    let response = this.#descriptions.get(id);
    if (response === undefined) {
      const layout = parseStreamArn(arn);
      if (!layout) return errorResponse('ResourceNotFoundException', `Requested resource not found: Stream: ${arn} not found`);
      response = canned({ StreamDescription: this.#description(arn, layout, request['ExclusiveStartShardId'], filter?.ShardId) });
      this.#descriptions.set(id, response);
    }
    return response;
  }

  #description(arn: string, layout: StreamLayout, exclusiveStart: unknown, childrenOf: string | undefined): object {
    const places: ShardPlace[] = [];
    for (let generation = 0; generation < layout.generations; generation++) {
      for (let partition = 0; partition < layout.partitions; partition++) places.push({ partition, generation });
    }
    const parent = childrenOf === undefined ? undefined : parseShardId(childrenOf, layout);
    const listed = childrenOf === undefined ? places : places.filter((p) => parent && p.partition === parent.partition && p.generation === parent.generation + 1);
    const start = exclusiveStart === undefined ? 0 : listed.findIndex((p) => shardIdOf(p) === exclusiveStart) + 1;
    const page = listed.slice(start, start + SHARDS_PER_PAGE);
    const shards = page.map((place) => ({
      ShardId: shardIdOf(place),
      ...(place.generation > 0 ? { ParentShardId: shardIdOf({ ...place, generation: place.generation - 1 }) } : {}),
      SequenceNumberRange: { StartingSequenceNumber: sequenceNumberOf(layout, place, 0), EndingSequenceNumber: sequenceNumberOf(layout, place, layout.perShard - 1) },
    }));
    const table = /table\/([^/]+)\//.exec(arn)![1]!;
    return {
      StreamArn: streamArnOf(table),
      StreamLabel: '2026-01-01T00:00:00.000',
      StreamStatus: 'ENABLED',
      StreamViewType: 'NEW_AND_OLD_IMAGES',
      CreationRequestDateTime: 1767225600,
      TableName: table,
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      Shards: shards,
      ...(start + SHARDS_PER_PAGE < listed.length ? { LastEvaluatedShardId: shards.at(-1)!.ShardId } : {}),
    };
  }

  #shardIterator(request: Record<string, unknown>): CannedResponse {
    const arn = String(request['StreamArn']);
    const layout = parseStreamArn(arn);
    const place = layout && parseShardId(String(request['ShardId']), layout);
    if (!layout || !place) return errorResponse('ResourceNotFoundException', `Requested resource not found: Shard: ${String(request['ShardId'])} in Stream: ${arn} not found`);
    const first = BigInt(sequenceNumberOf(layout, place, 0));
    const at = (offset: number) => Math.max(0, Math.min(layout.perShard, offset));
    const type = request['ShardIteratorType'];
    const sequence = () => Number(BigInt(String(request['SequenceNumber'])) - first);
    const offset = type === 'TRIM_HORIZON' ? 0 : type === 'LATEST' ? layout.perShard : type === 'AT_SEQUENCE_NUMBER' ? at(sequence()) : at(sequence() + 1);
    return canned({ ShardIterator: iteratorOf(arn, place, offset) });
  }

  #records(request: Record<string, unknown>): CannedResponse | RecordsBody {
    const where = parseIterator(String(request['ShardIterator']));
    const layout = where && parseStreamArn(where.arn);
    if (!where || !layout || where.place.partition >= layout.partitions || where.place.generation >= layout.generations || where.offset > layout.perShard) {
      return errorResponse('ValidationException', 'Invalid ShardIterator');
    }
    const limit = typeof request['Limit'] === 'number' ? request['Limit'] : RECORDS_PER_PAGE;
    const count = Math.max(0, Math.min(limit, layout.perShard - where.offset));
    const end = where.offset + count;
    const template = this.#template(count);
    const records = template.free.pop() ?? Buffer.from(template.bytes);
    for (let i = 0; i < count; i++) {
      const ordinal = recordOrdinal(layout, where.place, where.offset + i);
      writeOrdinal(records, template.ordinalAt[i]!, ordinal);
      writeEventId(records, template.eventIdAt[i]!, ordinal);
    }
    const suffix = Buffer.from(end < layout.perShard ? `,"NextShardIterator":"${iteratorOf(where.arn, where.place, end)}"}` : '}', 'latin1');
    return { chunks: [records, suffix], crc: zlib.crc32(suffix, zlib.crc32(records)), done: () => void template.free.push(records) };
  }

  #template(count: number): PageTemplate {
    let template = this.#templates.get(count);
    if (template === undefined) {
      template = buildTemplate(count);
      this.#templates.set(count, template);
    }
    return template;
  }
}

function iteratorOf(arn: string, { partition, generation }: ShardPlace, offset: number): string {
  return `${arn}|1|${partition}.${generation}.${offset}|`.padEnd(ITERATOR_LENGTH, 'A');
}

function parseIterator(iterator: string): { arn: string; place: ShardPlace; offset: number } | undefined {
  const [arn, version, where] = iterator.split('|');
  const numbers = where?.split('.').map(Number);
  if (arn === undefined || version !== '1' || numbers?.length !== 3 || numbers.some((n) => !Number.isSafeInteger(n))) return undefined;
  const [partition, generation, offset] = numbers as [number, number, number];
  return { arn, place: { partition, generation }, offset };
}
