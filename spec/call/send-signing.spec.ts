// A request that cannot be signed fails its call: an error notification of the call's Observable (never a
// throw out of a credentials or limiter callback, which RxJS would report as an unhandled error while the call
// hung), not retried, nothing sent, and no secret of the credentials in any view of the error.
import aws4 from 'aws4';
import { firstValueFrom, of } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DynamoDB } from '../../src/client.js';
import { ConfigError } from '../../src/errors/client-errors.js';
import type { DynamoDBError } from '../../src/errors/dynamodb-error.js';
import type { DynamoDBRequest } from '../../src/http/types.js';
import { okResponse } from '../../src/testing/fixtures.js';
import { marbleScheduler } from '../support/marble-scheduler.js';
import { CREDENTIALS, marbleConfig as config, scripted, sendFor } from '../support/send.js';
import { views } from '../support/views.js';

const SECRET = 'wJalrXUtnFEMI-signing-secret';
const TOKEN = 'FwoGZXIvYXdzEBY-signing-session-token';

describe('send: a request that cannot be signed', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('the signer throwing fails the call at once with a SigningError: not retried, nothing sent, secrets blanked', () => {
    vi.spyOn(aws4, 'sign').mockImplementation(() => {
      throw new Error(`cannot sign with ${SECRET} and ${TOKEN}`);
    });
    const seen: DynamoDBRequest[] = [];
    const errors: DynamoDBError[] = [];
    const credentials = of({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET, sessionToken: TOKEN });
    marbleScheduler().run(({ expectObservable }) => {
      const send = sendFor(config(scripted([], seen), { credentials, onError: (error) => errors.push(error) }));
      expectObservable(send('GetItem', {})).toBe(
        '#',
        undefined,
        expect.objectContaining({ code: 'SigningError', retryable: false, action: 'GetItem', message: 'GetItem: the request could not be signed (cannot sign with [redacted] and [redacted]); nothing was sent' }),
      );
    });
    expect(seen).toEqual([]);
    expect(errors).toHaveLength(1);
    for (const view of views(errors[0])) expect(view).not.toMatch(/signing-secret|signing-session-token/);
  });

  it('fails a call whose slot comes later (queued behind another) the same way, and the other call is unharmed', () => {
    const sign = aws4.sign.bind(aws4);
    let signed = 0;
    vi.spyOn(aws4, 'sign').mockImplementation((request, credentials) => {
      if (++signed === 2) throw new Error('second signature refused');
      return sign(request, credentials);
    });
    marbleScheduler().run(({ cold, expectObservable }) => {
      const send = sendFor(config(scripted([cold('5ms (o|)', { o: okResponse() })]), { maxConcurrency: 1 }));
      expectObservable(send('GetItem', {})).toBe('5ms (r|)', { r: {} });
      // Queued for the only slot, signed when the first call frees it at 5 ms.
      expectObservable(send('PutItem', {})).toBe('5ms #', undefined, expect.objectContaining({ code: 'SigningError', action: 'PutItem' }));
    });
  });

  it('credentials that cannot go in a header fail with a ConfigError naming the field, never the value', async () => {
    const seen: DynamoDBRequest[] = [];
    const broken = [
      ['sessionToken', { ...CREDENTIALS, sessionToken: `${TOKEN}\n` }],
      ['sessionToken', { ...CREDENTIALS, sessionToken: `${TOKEN}é` }],
      ['accessKeyId', { ...CREDENTIALS, accessKeyId: 'AKID EXAMPLE' }],
    ] as const;
    for (const [field, credentials] of broken) {
      // A provider's value (checked for shape only) reaches the signer as it is.
      const db = new DynamoDB({ region: 'us-east-1', endpoint: 'http://127.0.0.1:1', credentials: () => credentials, transport: scripted([], seen), maxRetries: 3, env: {} });
      const error = await firstValueFrom(db.getItem('Table', { pk: 'a' })).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConfigError);
      expect(error).toMatchObject({
        action: 'GetItem',
        retryable: false,
        message: `GetItem: the credentials' ${field} holds a character that cannot be sent in a request header (a line break, a space or a character outside ASCII); check where the credentials come from; nothing was sent`,
      });
      for (const view of views(error)) expect(view).not.toMatch(/signing-session-token|AKID EXAMPLE/);
    }
    expect(seen).toEqual([]);
  });
});
