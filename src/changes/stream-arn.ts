import { defer, map, of, type Observable } from 'rxjs';
import type { Send } from '../call/send.js';
import { malformed } from '../response/read.js';
import { describeTable } from '../tables/tables.js';
import { isStreamArn, isStreamOfTable } from './checkpoint.js';
import { NoStreamError } from './errors.js';
import type { ChangesSettings } from './options.js';

/**
 * The stream to read: the one `streamArn` or the checkpoint names, else the table's latest stream
 * (DescribeTable), which must be enabled: a table without one fails with a {@link NoStreamError}; a
 * `LatestStreamArn` that is not a stream ARN of the table, with a MalformedResponseError. @internal
 */
export function streamToRead(send: Send, settings: ChangesSettings): Observable<string> {
  const { streamArn, table } = settings;
  if (streamArn !== undefined) return of(streamArn);
  return defer(() => describeTable(send, table)).pipe(
    map((description) => {
      const latest = description.LatestStreamArn;
      if (latest === undefined) throw new NoStreamError(table, 'has no stream');
      if (description.StreamSpecification?.StreamEnabled !== true) throw new NoStreamError(table, 'has its stream disabled');
      // Its checkpoints name it, and startAt takes back only a stream ARN of the table.
      if (!isStreamArn(latest) || !isStreamOfTable(latest, table)) {
        throw malformed({ action: 'DescribeTable' }, 'Table.LatestStreamArn', `not a stream ARN of table ${table}, got "${latest.slice(0, 300)}"`);
      }
      return latest;
    }),
  );
}
