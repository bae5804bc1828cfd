import { describe, expect, it } from 'vitest';
import { DynamoDBError } from '../../src/errors/dynamodb-error.js';
import { errorCodeOf, errorFromResponse } from '../../src/response/from-response.js';
import {
  ConditionalCheckFailedException,
  InternalServerError,
  ProvisionedThroughputExceededException,
  ResourceNotFoundException,
  ThrottlingException,
  TransactionCanceledException,
  ValidationException,
} from '../../src/errors/service-errors.js';

const response = (statusCode: number, body: unknown, requestId = 'REQ1') => ({
  statusCode,
  headers: { 'x-amzn-requestid': requestId },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

describe('errorCodeOf', () => {
  it.each([
    ['com.amazonaws.dynamodb.v20120810#ResourceNotFoundException', 'ResourceNotFoundException'],
    ['com.amazon.coral.validate#ValidationException', 'ValidationException'],
    ['com.amazon.coral.service#UnrecognizedClientException', 'UnrecognizedClientException'],
    ['ThrottlingException', 'ThrottlingException'],
    ['com.amazonaws.dynamodb.v20120810#InvalidSignatureException:http://internal.amazon.com/', 'InvalidSignatureException'],
  ])('%s -> %s', (type, code) => expect(errorCodeOf(type)).toBe(code));
});

describe('errorFromResponse', () => {
  it('maps __type to the named class with message, status, request id and action', () => {
    const error = errorFromResponse(response(400, { __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException', message: 'Requested resource not found' }), 'GetItem');
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(error).toBeInstanceOf(DynamoDBError);
    expect(error).toMatchObject({ name: 'ResourceNotFoundException', code: 'ResourceNotFoundException', statusCode: 400, requestId: 'REQ1', action: 'GetItem', retryable: false, throttling: false });
    expect(error.message).toBe('GetItem: Requested resource not found');
  });

  it('reads Message with a capital M (DynamoDB Local, coral errors)', () => {
    const error = errorFromResponse(response(400, { __type: 'com.amazon.coral.validate#ValidationException', Message: 'One or more parameter values were invalid' }), 'PutItem');
    expect(error).toBeInstanceOf(ValidationException);
    expect(error.message).toBe('PutItem: One or more parameter values were invalid');
  });

  it('marks throttling errors retryable and throttling', () => {
    for (const [type, ErrorClass] of [
      ['com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException', ProvisionedThroughputExceededException],
      ['com.amazon.coral.availability#ThrottlingException', ThrottlingException],
    ] as const) {
      const error = errorFromResponse(response(400, { __type: type, message: 'slow down' }), 'Query');
      expect(error).toBeInstanceOf(ErrorClass);
      expect(error).toMatchObject({ retryable: true, throttling: true });
    }
  });

  it('marks InternalServerError retryable but not throttling', () => {
    const error = errorFromResponse(response(500, { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'x' }), 'Scan');
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ retryable: true, throttling: false, statusCode: 500 });
  });

  it('gives a plain DynamoDBError with the code for an unknown __type, retryable by status', () => {
    const client = errorFromResponse(response(400, { __type: 'com.amazonaws.dynamodb.v20120810#SomethingNewException', message: 'new' }), 'GetItem');
    expect(client.constructor).toBe(DynamoDBError);
    expect(client).toMatchObject({ code: 'SomethingNewException', retryable: false });
    const server = errorFromResponse(response(503, { __type: 'SomethingNewException' }), 'GetItem');
    expect(server).toMatchObject({ code: 'SomethingNewException', retryable: true });
  });

  it('handles a 503 without a JSON body (a load balancer page) as retryable', () => {
    const error = errorFromResponse(response(503, '<html>Service Unavailable</html>'), 'GetItem');
    expect(error).toMatchObject({ code: 'HTTP503', retryable: true, statusCode: 503 });
    expect(error.message).toBe('GetItem: HTTP 503 from DynamoDB');
  });

  it('treats 429 without a body as throttling', () => {
    expect(errorFromResponse(response(429, ''), 'GetItem')).toMatchObject({ code: 'TooManyRequests', retryable: true, throttling: true });
  });

  it('puts cancellation reasons, with native items, on TransactionCanceledException', () => {
    const error = errorFromResponse(
      response(400, {
        __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
        Message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]',
        CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', Item: { id: { N: '7' } } }],
      }),
      'TransactWriteItems',
    );
    expect(error).toBeInstanceOf(TransactionCanceledException);
    expect((error as TransactionCanceledException).cancellationReasons).toEqual([
      { code: 'None' },
      { code: 'ConditionalCheckFailed', message: 'The conditional request failed', item: { id: 7 } },
    ]);
  });

  it('puts the current item on ConditionalCheckFailedException when returned', () => {
    const error = errorFromResponse(
      response(400, { __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException', message: 'The conditional request failed', Item: { id: { S: 'a' } } }),
      'PutItem',
    );
    expect((error as ConditionalCheckFailedException).item).toEqual({ id: 'a' });
  });
});

describe('error guards', () => {
  it('is() and isDynamoDBError work without instanceof (across realms)', () => {
    const error = errorFromResponse(response(400, { __type: '#ResourceNotFoundException', message: 'x' }), 'GetItem');
    const foreign = Object.assign(Object.create(null) as object, error, { [Symbol.for('rx-dynamodb.error')]: true, code: 'ResourceNotFoundException' });
    expect(ResourceNotFoundException.is(error)).toBe(true);
    expect(ResourceNotFoundException.is(foreign)).toBe(true);
    expect(ValidationException.is(error)).toBe(false);
    expect(DynamoDBError.isDynamoDBError(new Error('x'))).toBe(false);
    expect(ResourceNotFoundException.code).toBe('ResourceNotFoundException');
  });

  it('JSON.stringify shows the public fields', () => {
    const error = errorFromResponse(response(400, { __type: '#ValidationException', message: 'bad' }), 'Query');
    expect(JSON.parse(JSON.stringify(error))).toEqual({ name: 'ValidationException', code: 'ValidationException', message: 'Query: bad', retryable: false, throttling: false, statusCode: 400, requestId: 'REQ1', action: 'Query' });
  });
});
