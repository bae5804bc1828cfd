import { defer, map, type Observable } from 'rxjs';
import type { Send } from '../call/send.js';
import { flag, textOfLength } from '../input/reader.js';
import { required, shape } from '../input/shape.js';
import { tableName } from '../input/validate.js';
import { readBoolean, readObject, readOptionalString, readString } from '../response/read.js';

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

/** Emits a table's time to live settings (DescribeTimeToLive). */
export function describeTimeToLive(send: Send, table: string): Observable<TimeToLiveDescription> {
  const action = 'DescribeTimeToLive';
  return defer(() => send(action, { TableName: tableName(table) }, table)).pipe(
    map((response) => {
      const wire = readObject(response['TimeToLiveDescription'], action, 'TimeToLiveDescription');
      const status = readOptionalString(wire['TimeToLiveStatus'], action, 'TimeToLiveDescription.TimeToLiveStatus') as TimeToLiveStatus | undefined;
      const attribute = readOptionalString(wire['AttributeName'], action, 'TimeToLiveDescription.AttributeName');
      return { ...(status === undefined ? {} : { TimeToLiveStatus: status }), ...(attribute === undefined ? {} : { AttributeName: attribute }) };
    }),
  );
}

/** Turns time to live on or off (UpdateTimeToLive); emits the specification DynamoDB applied. */
export function updateTimeToLive(send: Send, table: string, specification: TimeToLiveSpecification): Observable<TimeToLiveSpecification> {
  const action = 'UpdateTimeToLive';
  return defer(() => send(action, updateTimeToLiveRequest(table, specification), table)).pipe(
    map((response) => {
      const wire = readObject(response['TimeToLiveSpecification'], action, 'TimeToLiveSpecification');
      return {
        Enabled: readBoolean(wire['Enabled'], action, 'TimeToLiveSpecification.Enabled'),
        AttributeName: readString(wire['AttributeName'], action, 'TimeToLiveSpecification.AttributeName'),
      };
    }),
  );
}
