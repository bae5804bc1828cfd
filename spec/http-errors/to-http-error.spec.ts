import { describe, expect, it } from 'vitest';
import { ConfigError, DynamoDBTimeoutError, InvalidParameterError, NoCredentialsError } from '../../src/errors/client-errors.js';
import { DynamoDBError } from '../../src/errors/dynamodb-error.js';
import {
  ConditionalCheckFailedException,
  InternalServerError,
  ProvisionedThroughputExceededException,
  RequestLimitExceeded,
  ResourceNotFoundException,
  Throttling,
  ThrottlingException,
  ValidationException,
} from '../../src/errors/service-errors.js';
import { toHttpError } from '../../src/http-errors/to-http-error.js';

const service = { message: 'GetItem: Requested resource not found: Table: Secret_Orders not found', statusCode: 400, requestId: 'RID' };

describe('toHttpError: the default table', () => {
  it.each([
    ['ConditionalCheckFailedException', new ConditionalCheckFailedException(service), 409, 'Conflict'],
    ['ProvisionedThroughputExceededException', new ProvisionedThroughputExceededException(service), 429, 'Too Many Requests'],
    ['ThrottlingException', new ThrottlingException(service), 429, 'Too Many Requests'],
    ['Throttling', new Throttling(service), 429, 'Too Many Requests'],
    ['RequestLimitExceeded', new RequestLimitExceeded(service), 429, 'Too Many Requests'],
    ['an unknown HTTP 429', new DynamoDBError({ code: 'TooManyRequests', message: 'x', throttling: true, statusCode: 429 }), 429, 'Too Many Requests'],
    ['ResourceNotFoundException', new ResourceNotFoundException(service), 500, 'Internal Server Error'],
    ['ValidationException', new ValidationException(service), 500, 'Internal Server Error'],
    ['InternalServerError', new InternalServerError({ ...service, statusCode: 500 }), 500, 'Internal Server Error'],
    ['DynamoDBTimeoutError', new DynamoDBTimeoutError(100), 500, 'Internal Server Error'],
    ['InvalidParameterError', new InvalidParameterError('key.id', 'must not be empty'), 500, 'Internal Server Error'],
    ['ConfigError', new ConfigError('secret file /root/.aws/credentials unreadable'), 500, 'Internal Server Error'],
    ['a value that is not an rx-dynamodb error', new Error('boom'), 500, 'Internal Server Error'],
  ])('%s -> %i', (_name, error, status, reason) => {
    const answer = toHttpError(error, { env: {} });
    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({ statusCode: status, error: reason });
    expect(answer.headers).toEqual(status === 429 ? { 'Retry-After': '1' } : {});
  });

  it('never echoes the error: message, names, request id, stack', () => {
    const error = new ResourceNotFoundException(service);
    const text = JSON.stringify(toHttpError(error, { env: {} }));
    for (const secret of ['Secret_Orders', 'RID', 'GetItem', 'ResourceNotFound', 'at ']) expect(text).not.toContain(secret);
    expect(toHttpError(error).body).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'The server could not complete the request.' });
  });

  it('never echoes credentials a cause may hold', () => {
    const cause = { accessKeyId: 'AKIDSECRET', secretAccessKey: 'wJalrSECRET', sessionToken: 'TOKENSECRET' };
    const text = JSON.stringify(toHttpError(new NoCredentialsError('provider failed: AKIDSECRET', { cause }), { env: {} }));
    expect(text).not.toMatch(/SECRET/);
  });
});

describe('toHttpError: NoCredentialsError', () => {
  const error = new NoCredentialsError('no credentials');

  it('is a 500 by default', () => {
    expect(toHttpError(error, { env: {} }).status).toBe(500);
  });

  it.each(['true', 'TRUE', '1', 'yes'])('is a 429 with Retry-After when DYNAMODB_NO_CREDS_RATE_LIMIT=%s', (value) => {
    expect(toHttpError(error, { env: { DYNAMODB_NO_CREDS_RATE_LIMIT: value } })).toMatchObject({ status: 429, headers: { 'Retry-After': '1' } });
  });

  it.each(['false', '0', ''])('stays a 500 when DYNAMODB_NO_CREDS_RATE_LIMIT=%j', (value) => {
    expect(toHttpError(error, { env: { DYNAMODB_NO_CREDS_RATE_LIMIT: value } }).status).toBe(500);
  });

  it('follows the option over the environment', () => {
    expect(toHttpError(error, { env: { DYNAMODB_NO_CREDS_RATE_LIMIT: 'true' }, noCredentialsRateLimit: false }).status).toBe(500);
    expect(toHttpError(error, { env: {}, noCredentialsRateLimit: true }).status).toBe(429);
  });

  it('reads process.env when no env is given', () => {
    process.env['DYNAMODB_NO_CREDS_RATE_LIMIT'] = 'true';
    try {
      expect(toHttpError(error).status).toBe(429);
    } finally {
      delete process.env['DYNAMODB_NO_CREDS_RATE_LIMIT'];
    }
  });
});

describe('toHttpError: overrides per error class', () => {
  it('replaces the status, and the message and headers when given', () => {
    const overrides = { ResourceNotFoundException: { status: 404 }, ValidationException: { status: 400, message: 'Bad request.', headers: { 'X-Why': 'validation' } } };
    expect(toHttpError(new ResourceNotFoundException(service), { overrides })).toEqual({
      status: 404,
      headers: {},
      body: { statusCode: 404, error: 'Not Found', message: 'Not Found.' },
    });
    expect(toHttpError(new ValidationException(service), { overrides })).toEqual({
      status: 400,
      headers: { 'X-Why': 'validation' },
      body: { statusCode: 400, error: 'Bad Request', message: 'Bad request.' },
    });
  });

  it('can turn throttling into a 503 that keeps a Retry-After, of any length', () => {
    const answer = toHttpError(new ThrottlingException(service), { overrides: { ThrottlingException: { status: 503 } }, retryAfterSeconds: 2.5 });
    expect(answer).toMatchObject({ status: 503, headers: { 'Retry-After': '3' }, body: { error: 'Service Unavailable' } });
  });

  it('accepts a function of the error and the default answer', () => {
    const answer = toHttpError(new ConditionalCheckFailedException(service), {
      overrides: { ConditionalCheckFailedException: (error, fallback) => ({ ...fallback, status: 412, body: { ...fallback.body, statusCode: 412, message: `${error.code}` } }) },
    });
    expect(answer).toEqual({ status: 412, headers: {}, body: { statusCode: 412, error: 'Conflict', message: 'ConditionalCheckFailedException' } });
  });

  it('keys by the class name, which is the error code', () => {
    const overrides = { [ConditionalCheckFailedException.code]: { status: 412 } };
    expect(toHttpError(new ConditionalCheckFailedException(service), { overrides }).status).toBe(412);
    expect(toHttpError(new DynamoDBError({ code: 'constructor', message: 'odd' }), { overrides }).status).toBe(500);
  });

  it('never finds an Object.prototype member for an error whose code is one of its names', () => {
    const overrides = { ConditionalCheckFailedException: { status: 412 } };
    for (const code of ['toString', 'constructor', 'valueOf', 'hasOwnProperty']) {
      expect(toHttpError(new DynamoDBError({ code, message: 'odd' }), { overrides })).toMatchObject({ status: 500, body: { error: 'Internal Server Error' } });
    }
  });
});

describe('toHttpError: override keys that no error code can match are refused', () => {
  /** The InvalidParameterError that `overrides` gets, whatever the error mapped. */
  function refusal(overrides: unknown): InvalidParameterError {
    const errors = [new ResourceNotFoundException(service), new Error('not ours')].map((error) => {
      try {
        toHttpError(error, { overrides: overrides as Record<string, { status: number }> });
      } catch (refused) {
        return refused;
      }
      throw new Error('expected a refusal');
    });
    expect(errors[1]).toEqual(errors[0]);
    expect(errors[0]).toBeInstanceOf(InvalidParameterError);
    return errors[0] as InvalidParameterError;
  }

  it("refuses 0.1's TimeoutError, and the older clients' names, pointing to the code meant", () => {
    expect(refusal({ TimeoutError: { status: 504 } })).toMatchObject({
      parameter: 'options.overrides.TimeoutError',
      message: 'options.overrides.TimeoutError: no error has the code "TimeoutError": use "DynamoDBTimeoutError"',
    });
    expect(refusal({ ResourceNotFound: { status: 404 } }).message).toMatch(/use "ResourceNotFoundException"$/);
    expect(refusal({ ThroughputExceeded: { status: 503 } }).message).toMatch(/use "ProvisionedThroughputExceededException"$/);
  });

  it.each(['toString', 'constructor', '__proto__', 'resourceNotFoundException', 'Resource Not Found', 'ValidationException ', ''])('refuses %j', (key) => {
    const overrides = JSON.parse(`{${JSON.stringify(key)}:{"status":404}}`) as unknown;
    expect(refusal(overrides)).toMatchObject({ parameter: `options.overrides.${key}`, message: expect.stringContaining('is not an error code: keys are error class names') });
  });

  it('refuses overrides that are not a plain object', () => {
    expect(refusal([])).toMatchObject({ parameter: 'options.overrides', message: expect.stringMatching(/must be an object, got an array/) });
    expect(refusal(new Map([['ValidationException', { status: 400 }]])).parameter).toBe('options.overrides');
  });

  it('accepts every class name and service code, matched or not', () => {
    const overrides = { DynamoDBTimeoutError: { status: 504 }, HTTP503: { status: 502 }, TooManyRequests: { status: 503 }, SomeFutureException: { status: 400 } };
    expect(toHttpError(new DynamoDBTimeoutError(100), { overrides }).status).toBe(504);
    expect(toHttpError(new DynamoDBError({ code: 'HTTP503', message: 'lb', statusCode: 503, retryable: true }), { overrides }).status).toBe(502);
    expect(toHttpError(new ResourceNotFoundException(service), { overrides }).status).toBe(500);
  });
});
