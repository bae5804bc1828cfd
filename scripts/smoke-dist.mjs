// Loads the built package the way users do, through its exports map, from ESM and from CommonJS.
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';

const require = createRequire(import.meta.url);
for (const [how, main, testing] of [
  ['import', await import('rx-dynamodb'), await import('rx-dynamodb/testing')],
  ['require', require('rx-dynamodb'), require('rx-dynamodb/testing')],
]) {
  assert.equal(typeof main.DynamoDB, 'function', `${how}: DynamoDB`);
  assert.equal(typeof main.items, 'function', `${how}: items`);
  assert.equal(typeof main.marshall, 'function', `${how}: marshall`);
  assert.equal(new main.ResourceNotFoundException({ message: 'x' }).code, 'ResourceNotFoundException', `${how}: errors`);
  assert.equal(typeof testing.okResponse, 'function', `${how}: rx-dynamodb/testing`);
}
console.log('dist loads through its exports map from ESM and CommonJS');
