import { describe, expect, it } from 'vitest';
import { redactCredentials } from '../../src/response/from-response.js';

describe('redactCredentials', () => {
  it('blanks a session token in a canonical request, in a query string, and a signature', () => {
    const canonical = "host:dynamodb.us-east-1.amazonaws.com\nx-amz-security-token:IQoJb3JpZ2luX2VjEN//token+/=\nx-amz-target:DynamoDB_20120810.GetItem";
    expect(redactCredentials(canonical)).toBe('host:dynamodb.us-east-1.amazonaws.com\nx-amz-security-token:[redacted]\nx-amz-target:DynamoDB_20120810.GetItem');
    expect(redactCredentials('/?X-Amz-Security-Token=FwoG%2Fabc&X-Amz-Date=1')).toBe('/?X-Amz-Security-Token=[redacted]&X-Amz-Date=1');
    expect(redactCredentials('Credential=AKID/20260101/us-east-1/dynamodb/aws4_request, Signature=0123abcd')).toBe(
      'Credential=AKID/20260101/us-east-1/dynamodb/aws4_request, Signature=[redacted]',
    );
  });

  it('leaves ordinary messages alone', () => {
    const message = 'The conditional request failed';
    expect(redactCredentials(message)).toBe(message);
  });
});
