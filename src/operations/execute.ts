import { defer, type Observable } from 'rxjs';
import type { Send } from '../call/send.js';
import type { WireResponse } from '../http/types.js';
import { InvalidParameterError } from '../errors/client-errors.js';
import { jsonBody } from '../input/json-body.js';

/**
 * Sends any DynamoDB action with a wire-format body and emits the raw wire response once:
 * the escape hatch for actions and options this client does not model. Still signed, retried,
 * limited and measured like every call. A body that would not go into JSON exactly as it is (a
 * bigint, a cycle, NaN, a Date, ...) is an InvalidParameterError naming its path, before anything is sent.
 * @example db.execute('DescribeContinuousBackups', { TableName: 'Users' })
 */
export function execute(send: Send, action: string, body: object = {}): Observable<WireResponse> {
  return defer(() => {
    if (typeof action !== 'string' || !/^[A-Z][A-Za-z]+$/.test(action)) {
      throw new InvalidParameterError('action', 'must be a DynamoDB action name such as "GetItem"');
    }
    const wire = jsonBody(body, 'body');
    const table = typeof wire['TableName'] === 'string' ? wire['TableName'] : undefined;
    return send(action, wire, table);
  });
}
