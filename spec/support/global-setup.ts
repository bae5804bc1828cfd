import type { TestProject } from 'vitest/node';
import { startDynamoDBLocal } from './dynamodb-local.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `http://127.0.0.1:<port>` of the DynamoDB Local that this run shares; read it with `inject`. */
    dynamodbLocalEndpoint: string;
  }
}

/**
 * Global setup for the test run: starts DynamoDB Local once for all spec files, provides its
 * endpoint as `dynamodbLocalEndpoint`, and returns the teardown that stops it. A run without a
 * working Java fails here, loudly, rather than skipping the specs that need it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startDynamoDBLocal();
  project.provide('dynamodbLocalEndpoint', server.endpoint);
  return server.stop;
}
