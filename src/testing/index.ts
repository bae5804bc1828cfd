// rx-dynamodb/testing: a fake DynamoDB for users' own tests, with no network and no Promise involved.
export { FakeCall, FakeDynamoDB, TEST_CREDENTIALS, type CallMatch } from './fake-dynamodb.js';
export { errorResponse, itemResponse, okResponse, pageResponse, statementResponse, throttledResponse } from './fixtures.js';
