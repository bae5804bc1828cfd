import { defer, type Observable } from 'rxjs';
import type { Send } from '../call/send.js';
import { flag, textOfLength } from '../input/reader.js';
import { required, shape } from '../input/shape.js';
import { tableName } from '../input/validate.js';
import type { WireResponse } from '../http/types.js';
import { readBoolean, readMap, readOptionalString, readString, type ResponseOrigin } from '../response/read.js';

/** Turns time to live on or off for a table (wire shape, as UpdateTimeToLive takes and returns it). */
export interface TimeToLiveSpecification {
  /** `true` turns TTL on, `false` off. */
  readonly Enabled: boolean;
  /** The attribute holding each item's expiry time, in epoch seconds (a number). 1 to 255 characters. */
  readonly AttributeName: string;
}

/** The TTL states DynamoDB reports; turning TTL on or off takes up to an hour on AWS. */
export type TimeToLiveStatus = 'ENABLING' | 'DISABLING' | 'ENABLED' | 'DISABLED';

/** A table's time to live settings (wire shape, as DescribeTimeToLive returns them). */
export interface TimeToLiveDescription {
  readonly TimeToLiveStatus?: TimeToLiveStatus;
  /** The expiry attribute, when TTL is on (or being turned on or off). */
  readonly AttributeName?: string;
}

const specificationReader = shape<TimeToLiveSpecification>({ Enabled: required(flag), AttributeName: required(textOfLength(1, 255)) });

/** The wire body of an UpdateTimeToLive call. @internal */
export function updateTimeToLiveRequest(table: string, specification: TimeToLiveSpecification): Record<string, unknown> {
  return { TableName: tableName(table), TimeToLiveSpecification: specificationReader(specification, 'specification') };
}

/** Reads a DescribeTimeToLive response. */
function readDescription(response: WireResponse, origin: ResponseOrigin): TimeToLiveDescription {
  const wire = readMap(response['TimeToLiveDescription'], origin, 'TimeToLiveDescription');
  const status = readOptionalString(wire['TimeToLiveStatus'], origin, 'TimeToLiveDescription.TimeToLiveStatus') as TimeToLiveStatus | undefined;
  const attribute = readOptionalString(wire['AttributeName'], origin, 'TimeToLiveDescription.AttributeName');
  return { ...(status === undefined ? {} : { TimeToLiveStatus: status }), ...(attribute === undefined ? {} : { AttributeName: attribute }) };
}

/** Reads an UpdateTimeToLive response. */
function readSpecification(response: WireResponse, origin: ResponseOrigin): TimeToLiveSpecification {
  const wire = readMap(response['TimeToLiveSpecification'], origin, 'TimeToLiveSpecification');
  return {
    Enabled: readBoolean(wire['Enabled'], origin, 'TimeToLiveSpecification.Enabled'),
    AttributeName: readString(wire['AttributeName'], origin, 'TimeToLiveSpecification.AttributeName'),
  };
}

/** Emits a table's time to live settings (DescribeTimeToLive). */
export function describeTimeToLive(send: Send, table: string): Observable<TimeToLiveDescription> {
  return defer(() => send('DescribeTimeToLive', { TableName: tableName(table) }, table, readDescription));
}

/** Turns time to live on or off (UpdateTimeToLive); emits the specification DynamoDB applied. */
export function updateTimeToLive(send: Send, table: string, specification: TimeToLiveSpecification): Observable<TimeToLiveSpecification> {
  return defer(() => send('UpdateTimeToLive', updateTimeToLiveRequest(table, specification), table, readSpecification));
}
