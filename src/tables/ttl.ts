import { defer, map, type Observable } from 'rxjs';
import type { Send } from '../call/send.js';
import { InvalidParameterError } from '../errors/client-errors.js';
import { boolean, readOptions, string, type OptionSpec } from '../input/options.js';
import { plainObject, requireFields, tableName } from '../input/validate.js';
import { readBoolean, readObject, readOptionalString, readString } from '../response/read.js';

/** Turns time to live on or off for a table (wire shape, as UpdateTimeToLive takes and returns it). */
export interface TimeToLiveSpecification {
  /** `true` turns TTL on, `false` off. */
  Enabled: boolean;
  /** The attribute holding each item's expiry time, in epoch seconds (a number). 1 to 255 characters. */
  AttributeName: string;
}

/** The TTL states DynamoDB reports; turning TTL on or off takes up to an hour on AWS. */
export type TimeToLiveStatus = 'ENABLING' | 'DISABLING' | 'ENABLED' | 'DISABLED';

/** A table's time to live settings (wire shape, as DescribeTimeToLive returns them). */
export interface TimeToLiveDescription {
  TimeToLiveStatus?: TimeToLiveStatus;
  /** The expiry attribute, when TTL is on (or being turned on or off). */
  AttributeName?: string;
}

const ATTRIBUTE_NAME_MAX = 255;
const SPECIFICATION: OptionSpec = {
  Enabled: boolean,
  AttributeName: (value, parameter) => {
    const name = string(value, parameter) as string;
    if (name.length > ATTRIBUTE_NAME_MAX) throw new InvalidParameterError(parameter, `must be 1 to ${ATTRIBUTE_NAME_MAX} characters, got ${name.length}`);
    return name;
  },
};

/** The wire body of an UpdateTimeToLive call. @internal */
export function updateTimeToLiveRequest(table: string, specification: TimeToLiveSpecification): Record<string, unknown> {
  const given = plainObject(specification, 'specification');
  const checked = readOptions(given, SPECIFICATION, 'specification');
  requireFields(given, ['Enabled', 'AttributeName'], 'specification');
  return { TableName: tableName(table), TimeToLiveSpecification: checked };
}

/** Emits a table's time to live settings (DescribeTimeToLive). */
export function describeTimeToLive(send: Send, table: string): Observable<TimeToLiveDescription> {
  const action = 'DescribeTimeToLive';
  return defer(() => send(action, { TableName: tableName(table) }, table)).pipe(
    map((response) => {
      const wire = readObject(response['TimeToLiveDescription'], action, 'TimeToLiveDescription');
      const description: TimeToLiveDescription = {};
      const status = readOptionalString(wire['TimeToLiveStatus'], action, 'TimeToLiveDescription.TimeToLiveStatus');
      if (status !== undefined) description.TimeToLiveStatus = status as TimeToLiveStatus;
      const attributeName = readOptionalString(wire['AttributeName'], action, 'TimeToLiveDescription.AttributeName');
      if (attributeName !== undefined) description.AttributeName = attributeName;
      return description;
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
