// Loads the built package the way users do, through its exports map, from ESM and from CommonJS.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
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
  // One copy of the core: the fake's client is the app's DynamoDB, so its errors pass `instanceof` checks.
  assert.ok(new testing.FakeDynamoDB().client() instanceof main.DynamoDB, `${how}: rx-dynamodb/testing uses the main entry's DynamoDB`);
}

// The optional integrations load, and use the one copy of the core: the Nest module provides the
// very DynamoDB class users import from the main entry, so `@Inject(DynamoDB)` finds it.
for (const [how, main, nest, otel] of [
  ['import', await import('rx-dynamodb'), await import('rx-dynamodb/nest'), await import('rx-dynamodb/otel')],
  ['require', require('rx-dynamodb'), require('rx-dynamodb/nest'), require('rx-dynamodb/otel')],
]) {
  assert.deepEqual(nest.DynamoDBModule.forRoot({ client: { env: {} } }).exports, [main.DynamoDB], `${how}: rx-dynamodb/nest`);
  assert.equal(typeof otel.openTelemetry().start, 'function', `${how}: rx-dynamodb/otel`);
}

// Users who import neither pay nothing: the main entry and what it loads never import Nest or OpenTelemetry.
const loaded = new Set(['dist/index.js', 'dist/index.cjs']);
for (const file of loaded) {
  const text = readFileSync(file, 'utf8');
  assert.doesNotMatch(text, /@nestjs|@opentelemetry/, `${file} imports an optional peer`);
  for (const [, chunk] of text.matchAll(/(?:from|import) "\.\/(chunk-[\w-]+\.js)"/g)) loaded.add(`dist/${chunk}`);
}
// The proxy agents are ES modules only: the CommonJS build loads them with import(), which works on every
// Node 20, and only when a proxy is used; require() of them fails before Node 20.19.
const cjs = readFileSync('dist/index.cjs', 'utf8');
for (const agent of ['https-proxy-agent', 'http-proxy-agent']) {
  assert.doesNotMatch(cjs, new RegExp(`require\\("${agent}"\\)`), `dist/index.cjs requires ${agent}`);
  assert.match(cjs, new RegExp(`import\\("${agent}"\\)`), `dist/index.cjs does not import ${agent} on demand`);
}

console.log('dist loads through its exports map from ESM and CommonJS; the main entry loads no optional peer');
