import { describe, expect, it } from 'vitest';
import { redactCredentials, redactStrings, redactor } from '../../src/util/redact.js';

describe('redactCredentials', () => {
  it('blanks a session token in a canonical request, in a query string, and a signature', () => {
    const canonical = "host:dynamodb.us-east-1.amazonaws.com\nx-amz-security-token:IQoJb3JpZ2luX2VjEN//token+/=\nx-amz-target:DynamoDB_20120810.GetItem";
    expect(redactCredentials(canonical)).toBe('host:dynamodb.us-east-1.amazonaws.com\nx-amz-security-token:[redacted]\nx-amz-target:DynamoDB_20120810.GetItem');
    expect(redactCredentials('/?X-Amz-Security-Token=FwoG%2Fabc&X-Amz-Date=1')).toBe('/?X-Amz-Security-Token=[redacted]&X-Amz-Date=1');
    expect(redactCredentials('Credential=AKID/20260101/us-east-1/dynamodb/aws4_request, Signature=0123abcd')).toBe(
      'Credential=AKID/20260101/us-east-1/dynamodb/aws4_request, Signature=[redacted]',
    );
  });

  it('blanks them JSON-quoted, spaced and with a URL-encoded separator too', () => {
    expect(redactCredentials('{"X-Amz-Security-Token":"FwoG/abc=","Signature": "0123abcd"}')).toBe('{"X-Amz-Security-Token":"[redacted]","Signature": "[redacted]"}');
    expect(redactCredentials("headers: {'x-amz-security-token': 'FwoG/abc='}")).toBe("headers: {'x-amz-security-token': '[redacted]'}");
    expect(redactCredentials('X-AMZ-SECURITY-TOKEN = FwoG/abc= and signature = 0123abcd')).toBe('X-AMZ-SECURITY-TOKEN = [redacted] and signature = [redacted]');
    expect(redactCredentials('X-Amz-Security-Token%3DFwoG%2Fabc%3D&X-Amz-Signature%3D0123abcd')).toBe('X-Amz-Security-Token%3D[redacted]&X-Amz-Signature%3D[redacted]');
  });

  it('leaves ordinary messages alone', () => {
    for (const message of [
      'The conditional request failed',
      'The request signature we calculated does not match the signature you provided.',
      'Signature expired: 20260101T000000Z is now earlier than 20260101T000500Z',
      'The security token included in the request is invalid.',
    ]) {
      expect(redactCredentials(message)).toBe(message);
    }
  });
});

describe('redactor: the literal values this client sent', () => {
  // A session token as STS issues them (base64: letters, digits, '/', '+', '='), and a signature.
  const TOKEN = 'FwoGZXIvYXdzEBYaDH7/q+Zk9Lr2xVzT3yLoAa4+Jb/8Qw==';
  const SIGNATURE = 'b2f1c0ffee5ecret0a7d3c9e6f1b2a3c4d5e6f708192a3b4c5d6e7f8091a2b3c4';
  const redact = redactor([TOKEN, SIGNATURE, undefined]);
  const percent = (text: string, hexCase: (hex: string) => string): string => text.replace(/[^A-Za-z0-9]/g, (c) => `%${hexCase(c.charCodeAt(0).toString(16))}`);

  it.each([
    ['as sent', TOKEN],
    ['URL-encoded, upper-case hex', encodeURIComponent(TOKEN)],
    ['URL-encoded, lower-case hex', percent(TOKEN, (hex) => hex.toLowerCase())],
    ['URL-encoded twice', encodeURIComponent(encodeURIComponent(TOKEN))],
    ['partly encoded', TOKEN.replace('/', '%2F')],
    ['JSON-escaped slashes', TOKEN.replaceAll('/', '\\/')],
    ['\\u-escaped', TOKEN.replace(/[^A-Za-z0-9]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)],
    ['form-decoded (+ as a space)', TOKEN.replaceAll('+', ' ')],
    ['in upper case', TOKEN.toUpperCase()],
    ['in lower case', TOKEN.toLowerCase()],
  ])('blanks the session token %s, wherever it stands', (_form, quoted) => {
    for (const text of [quoted, `"X-Amz-Security-Token":"${quoted}"`, `token ${quoted}, then more`, `a=${quoted}&b=1`]) {
      const redacted = redact(text);
      expect(redacted).toContain('[redacted]');
      expect(redacted).not.toContain(quoted);
      expect(redacted.toLowerCase()).not.toContain('fwogzxiv');
    }
  });

  it('blanks the signature in either case, and keeps the text around it', () => {
    expect(redact(`sig ${SIGNATURE} / ${SIGNATURE.toUpperCase()}.`)).toBe('sig [redacted] / [redacted].');
  });

  it('keeps text without them as it was, and does not search for values too short to be real', () => {
    const message = 'One or more parameter values were invalid: token abc';
    expect(redact(message)).toBe(message);
    expect(redactor(['abc', ''])(message)).toBe(message);
  });

  it('never throws, however many symbols a secret holds: one past what a pattern can take is blanked as sent and URL-encoded', () => {
    // A web identity "token" file that holds something else: 6,000 dots once made V8 refuse the pattern
    // ("Invalid regular expression: /ab(?:\.|%2e|…)…/: Stack overflow"), an error that quoted the whole secret.
    const odd = 'ab.c/'.repeat(3000);
    const redactOdd = redactor([odd]);
    expect(redactOdd(`token ${odd} and ${encodeURIComponent(odd)} end`)).toBe('token [redacted] and [redacted] end');
    // Within the bound, the full pattern still applies (here URL-encoded in lower case).
    const many = 'ab.'.repeat(999);
    expect(redactor([many])(`x ${many.replaceAll('.', '%2e')} y`)).toBe('x [redacted] y');
  });
});

describe('redactStrings', () => {
  const redact = redactor(['SECRETVALUE123']);

  it('blanks every string of parsed JSON in place, keys included', () => {
    const body = { message: 'm SECRETVALUE123', Reasons: [{ Code: 'x', Message: 'SECRETVALUE123' }], Item: { SECRETVALUE123: { S: 'SECRETVALUE123' } }, n: 1 };
    expect(redactStrings(body, redact)).toEqual({ message: 'm [redacted]', Reasons: [{ Code: 'x', Message: '[redacted]' }], Item: { '[redacted]': { S: '[redacted]' } }, n: 1 });
    expect(redactStrings('SECRETVALUE123', redact)).toBe('[redacted]');
    expect(redactStrings(undefined, redact)).toBeUndefined();
  });

  it('walks absurd nesting without running out of stack', () => {
    const depth = 200_000;
    let innermost: unknown = JSON.parse(`${'['.repeat(depth)}"SECRETVALUE123"${']'.repeat(depth)}`);
    redactStrings(innermost, redact);
    while (Array.isArray(innermost)) innermost = innermost[0];
    expect(innermost).toBe('[redacted]');
  });
});
