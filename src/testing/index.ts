// rx-dynamodb/testing: helpers for users' own tests, with no network and no Promise involved.
export { errorResponse, okResponse, throttledResponse } from './fixtures.js';
