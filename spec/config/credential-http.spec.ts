// fetchText, the HTTP client of STS, SSO and the metadata endpoints, against what a broken or hostile service does.
import { firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { fetchText } from '../../src/config/credentials/http.js';
import { DynamoDBError } from '../../src/errors/dynamodb-error.js';
import { standIn } from './support/stand-in.js';

describe('fetchText', () => {
  it("an errorOf that throws fails the request with the status error, never from the response's listener (a crashed process)", async () => {
    const service = await standIn((_request, response) => response.writeHead(403).end('<ErrorResponse/>'));
    const uncaught: unknown[] = [];
    const heard = (error: unknown): number => uncaught.push(error);
    process.on('uncaughtException', heard);
    try {
      const request = fetchText(new URL(`${service.origin}/`), {
        timeoutMs: 1000,
        errorOf: () => {
          throw new Error('quoting secret-value-1234');
        },
      });
      const error = await firstValueFrom(request).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DynamoDBError);
      expect(error).toMatchObject({ code: 'HttpStatusError', statusCode: 403, message: `${service.origin}/ answered HTTP 403` });
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', heard);
    }
  });
});
