import type { ResolvedConfig } from '../config/options.js';
import type { ServiceErrorsByCode } from '../errors/service-error.js';
import { SERVICE_ERRORS_BY_CODE } from '../errors/service-errors.js';
import { STREAMS_ERRORS_BY_CODE } from '../errors/streams-errors.js';
import type { Endpoint } from '../http/types.js';

/**
 * One of the AWS JSON APIs a client calls: where its requests go, the `X-Amz-Target` prefix of its
 * actions, and the error class of each code it answers with. Both sign as service `dynamodb`. @internal
 */
export interface ServiceApi {
  readonly endpoint: Endpoint;
  /** Put before the action in `X-Amz-Target`, e.g. `DynamoDB_20120810.`. */
  readonly targetPrefix: string;
  readonly errors: ServiceErrorsByCode;
}

/** DynamoDB itself, at the client's `endpoint`. @internal */
export function dynamodbApi(config: ResolvedConfig): ServiceApi {
  return { endpoint: config.endpoint, targetPrefix: 'DynamoDB_20120810.', errors: SERVICE_ERRORS_BY_CODE };
}

/** DynamoDB Streams (ListStreams, DescribeStream, GetShardIterator, GetRecords), at the client's `streamsEndpoint`. @internal */
export function streamsApi(config: ResolvedConfig): ServiceApi {
  return { endpoint: config.streamsEndpoint, targetPrefix: 'DynamoDBStreams_20120810.', errors: STREAMS_ERRORS_BY_CODE };
}
