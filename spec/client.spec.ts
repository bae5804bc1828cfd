import { NEVER } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { DynamoDB } from '../src/client.js';

describe('db.load', () => {
  it('counts the requests holding a slot and those queued for one, as calls start, leave and end', () => {
    const db = new DynamoDB({
      endpoint: 'http://127.0.0.1:8000',
      credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
      env: {},
      maxConcurrency: 2,
      transport: () => NEVER,
    });
    expect(db.load).toEqual({ inFlight: 0, queued: 0 });

    const calls = [1, 2, 3, 4, 5].map((id) => db.getItem('Users', { id }).subscribe());
    expect(db.load).toEqual({ inFlight: 2, queued: 3 });
    calls[0]!.unsubscribe(); // frees its slot: the longest-queued call takes it
    expect(db.load).toEqual({ inFlight: 2, queued: 2 });
    calls[4]!.unsubscribe(); // leaves the queue
    expect(db.load).toEqual({ inFlight: 2, queued: 1 });

    for (const call of calls) call.unsubscribe();
    expect(db.load).toEqual({ inFlight: 0, queued: 0 });
  });
});
