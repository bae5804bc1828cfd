import { from } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { BatchWriteRequest, WriteRequest } from '../../src/batch/batch-write-item.js';
import { BatchIncompleteError, InvalidParameterError } from '../../src/errors/client-errors.js';
import { marbleScheduler } from '../support/marble-scheduler.js';
import { fakeBatchServer, type FakeBatchServer } from './support/fake-batch-server.js';

// DynamoDB refuses a whole BatchWriteItem request (every write in it) with a ValidationException when one
// write's key is over its size limits (2048 bytes of partition key, 1024 of sort key, in UTF-8): the batch
// writes know the table's key schema, so such a write is refused by itself, naming it, before it is sent.

const oversize: [string, WriteRequest][] = [
  ['a put of a 2049-byte ASCII key', { put: { pk: 'x'.repeat(2049), n: 1 } }],
  ['a put of a 1025-character key of 2050 UTF-8 bytes', { put: { pk: 'é'.repeat(1025), n: 1 } }],
  ['a delete of a key of 683 characters of 3 bytes each (2049 bytes)', { delete: { pk: '€'.repeat(683) } }],
];

describe('batch writes of a key over DynamoDB’s size limit', () => {
  for (const [name, write] of oversize) {
    it(`batchWriteItem: ${name} is an InvalidParameterError naming it, and nothing is sent`, () => {
      let caught: unknown;
      let server!: FakeBatchServer;
      marbleScheduler().run((helpers) => {
        server = fakeBatchServer(helpers);
        server.db.batchWriteItem({ Users: [{ put: { pk: 'fine', n: 0 } }, write] }).subscribe({ error: (e: unknown) => (caught = e) });
      });
      const kind = 'put' in write ? 'put' : 'delete';
      expect(caught).toBeInstanceOf(InvalidParameterError);
      expect(caught).toMatchObject({ parameter: `request.Users[1].${kind}.pk`, message: expect.stringMatching(/bytes; a partition key holds at most 2048$/) });
      expect(server.batches()).toEqual([]);
    });

    it(`bulkWrite: ${name} stops it before it is sent, the cause naming it`, () => {
      let caught: unknown;
      let server!: FakeBatchServer;
      marbleScheduler().run((helpers) => {
        server = fakeBatchServer(helpers);
        from([{ put: { pk: 'fine', n: 0 } }, write]).pipe(server.db.bulkWrite('Users')).subscribe({ error: (e: unknown) => (caught = e) });
      });
      const kind = 'put' in write ? 'put' : 'delete';
      expect(caught).toBeInstanceOf(BatchIncompleteError);
      expect((caught as BatchIncompleteError<BatchWriteRequest>).cause).toMatchObject({ name: 'InvalidParameterError', parameter: `writes[1].${kind}.pk` });
      for (const request of server.batches()) expect(JSON.stringify(request.body)).not.toContain(JSON.stringify(write));
    });
  }

  it('keys at the limit go: 2048 bytes of partition key', () => {
    let progress: unknown;
    marbleScheduler().run((helpers) => {
      const server = fakeBatchServer(helpers);
      server.db.batchWriteItem({ Users: [{ put: { pk: 'é'.repeat(1024), n: 0 } }, { delete: { pk: 'x'.repeat(2048) } }] }).subscribe((p) => (progress = p));
    });
    expect(progress).toMatchObject({ written: 2, total: 2 });
  });
});
