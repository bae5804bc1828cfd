import type { DynamicModule } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { describe, expectTypeOf, it } from 'vitest';
import { DynamoDB, tagged, toHttpError, withTags, type AttemptRecord, type CallTracer, type HttpErrorResponse, type Measurement, type Page } from 'rx-dynamodb';
import { DynamoDBModule } from 'rx-dynamodb/nest';
import { openTelemetry } from 'rx-dynamodb/otel';

describe('public types of the web-app parts', () => {
  const db = new DynamoDB({ transport: () => { throw new Error('not sent'); }, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, env: {} });

  it('types the hot streams and keeps the type of tagged streams', () => {
    expectTypeOf(db.measurements$).toEqualTypeOf<Observable<Measurement>>();
    expectTypeOf(db.attempts$).toEqualTypeOf<Observable<AttemptRecord>>();
    expectTypeOf(db.query<{ id: string }>('Users', { keyConditionExpression: 'id = :id' }).pipe(tagged({ correlationId: 'c' }))).toEqualTypeOf<Observable<Page<{ id: string }>>>();
    expectTypeOf(withTags({ correlationId: 'c' }, () => 42)).toEqualTypeOf<number>();
    // @ts-expect-error: tags are strings
    void withTags({ correlationId: 1 }, () => 0);
  });

  it('types the HTTP mapping and its overrides', () => {
    expectTypeOf(toHttpError(new Error('x'))).toEqualTypeOf<HttpErrorResponse>();
    // @ts-expect-error: an override needs a status
    void toHttpError(new Error('x'), { overrides: { ValidationException: { message: 'Bad.' } } });
  });

  it('plugs the OpenTelemetry tracer into the client and the Nest module', () => {
    expectTypeOf(openTelemetry()).toEqualTypeOf<CallTracer>();
    expectTypeOf(DynamoDBModule.forRoot({ client: { tracers: [openTelemetry()] } })).toEqualTypeOf<DynamicModule>();
    expectTypeOf(DynamoDBModule.forRootAsync({ inject: ['CONFIG'], useFactory: (config: { region: string }) => ({ region: config.region }) })).toEqualTypeOf<DynamicModule>();
  });
});
