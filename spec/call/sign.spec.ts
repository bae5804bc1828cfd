import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { signRequest } from '../../src/call/sign.js';
import { amzDate } from '../../src/http/signing-clock.js';

const NOW = Date.UTC(2026, 10, 23, 12, 34, 56);

/** Signs the same request with the AWS SDK's own SigV4 signer, as an independent reference. */
async function referenceAuthorization(
  headers: Record<string, string>,
  body: string,
  host: string,
  region: string,
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
): Promise<string> {
  const signer = new SignatureV4({
    service: 'dynamodb',
    region,
    credentials,
    sha256: Hash.bind(null, 'sha256'),
    applyChecksum: false,
  });
  const unsigned = Object.fromEntries(Object.entries(headers).filter(([name]) => !/^(authorization|x-amz-security-token)$/i.test(name)));
  const [hostname, port] = host.split(':');
  const signed = await signer.sign(
    { method: 'POST', protocol: 'http:', hostname: hostname!, ...(port ? { port: Number(port) } : {}), path: '/', headers: unsigned, body, query: {} },
    { signingDate: new Date(NOW) },
  );
  return signed.headers['authorization'] as string;
}

const CASES = [
  { name: 'static keys', host: 'dynamodb.us-east-1.amazonaws.com', region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' } },
  {
    name: 'session token',
    host: 'dynamodb.eu-west-1.amazonaws.com',
    region: 'eu-west-1',
    credentials: { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret/with+chars=', sessionToken: 'FwoGZXIvYXdzEXAMPLETOKEN==' },
  },
  { name: 'host with a port', host: '127.0.0.1:8000', region: 'us-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } },
];

describe('signRequest (aws4) agrees with @smithy/signature-v4', () => {
  for (const { name, host, region, credentials } of CASES) {
    it(name, async () => {
      const body = JSON.stringify({ TableName: 'Orders', Key: { id: { S: 'ünïcødé ✓' } } });
      const headers = signRequest({ url: `http://${host}/`, host }, region, 'DynamoDB_20120810.GetItem', body, credentials, NOW);
      expect(headers['X-Amz-Date']).toBe('20261123T123456Z');
      expect(headers['X-Amz-Target']).toBe('DynamoDB_20120810.GetItem');
      expect(headers['Content-Type']).toBe('application/x-amz-json-1.0');
      expect(headers['Content-Length']).toBe(String(Buffer.byteLength(body)));
      if ('sessionToken' in credentials) expect(headers['X-Amz-Security-Token']).toBe(credentials.sessionToken);
      expect(headers['Authorization']).toBe(await referenceAuthorization(headers, body, host, region, credentials));
    });
  }

  it('formats X-Amz-Date from epoch milliseconds', () => {
    expect(amzDate(0)).toBe('19700101T000000Z');
    expect(amzDate(Date.UTC(2024, 1, 29, 23, 59, 59, 999))).toBe('20240229T235959Z');
  });
});
