import { defer, map, of, type Observable } from 'rxjs';
import type { Send } from '../call/send.js';
import { describeTable } from '../tables/tables.js';
import { NoStreamError } from './errors.js';
import type { ChangesSettings } from './options.js';

/**
 * The stream to read: the one `streamArn` or the checkpoint names, else the table's latest stream
 * (DescribeTable), which must be enabled: a table without one fails with a {@link NoStreamError}. @internal
 */
export function streamToRead(send: Send, settings: ChangesSettings): Observable<string> {
  const { streamArn, table } = settings;
  if (streamArn !== undefined) return of(streamArn);
  return defer(() => describeTable(send, table)).pipe(
    map((description) => {
      const latest = description.LatestStreamArn;
      if (latest === undefined) throw new NoStreamError(table, 'has no stream');
      if (description.StreamSpecification?.StreamEnabled !== true) throw new NoStreamError(table, 'has its stream disabled');
      return latest;
    }),
  );
}
