// rx-dynamodb/nest: the DynamoDB client in NestJS's dependency injection, its errors as HTTP
// answers, and a correlation id per request. Needs @nestjs/common and @nestjs/core (peers).
export { DynamoDBModule } from './dynamodb.module.js';
export { DynamoDBExceptionFilter } from './exception-filter.js';
export { CorrelationIdInterceptor } from './correlation.interceptor.js';
export type { CorrelationOptions, DynamoDBModuleAsyncOptions, DynamoDBModuleExtras, DynamoDBModuleOptions } from './options.js';
