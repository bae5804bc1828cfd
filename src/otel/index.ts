// rx-dynamodb/otel: spans and a duration histogram for every call, per OpenTelemetry's semantic
// conventions for DynamoDB. Needs @opentelemetry/api (peer).
export { openTelemetry, type OpenTelemetryOptions } from './open-telemetry.js';
