// rx-dynamodb/testing: a fake DynamoDB for users' own tests, with no network and no Promise involved.
export { FakeCall, FakeDynamoDB, TEST_CREDENTIALS, type CallMatch } from './fake-dynamodb.js';
export {
  describeStreamResponse,
  errorResponse,
  itemResponse,
  okResponse,
  pageResponse,
  recordsResponse,
  shardIteratorResponse,
  statementResponse,
  streamArnOf,
  tableWithStreamResponse,
  throttledResponse,
  type StreamRecordInit,
  type StreamShardInit,
} from './fixtures.js';
export { serveStream, type ScriptedShard, type ServeStreamOptions } from './fake-stream.js';
