import { Observable } from 'rxjs';
// The core as 'rx-dynamodb' (external in the build), as nest/ and otel/ do: one copy of the client
// and its error classes loads, so `instanceof` holds between the fake's client and the app's code.
import { DynamoDB, NetworkError, type DynamoDBOptions, type DynamoDBRequest, type DynamoDBResponse, type Transport } from 'rx-dynamodb';
import { errorResponse, okResponse } from './fixtures.js';

/** Credentials for tests: never sent anywhere, since the fake transport answers every call. */
export const TEST_CREDENTIALS = { accessKeyId: 'TESTKEY', secretAccessKey: 'TESTSECRET' } as const;

/** Which calls a matcher selects: by action, and optionally table or a predicate on the wire body. */
export interface CallMatch {
  action: string;
  table?: string;
  body?: (body: Record<string, unknown>) => boolean;
}

/** One request the fake received, and the controls to answer it. */
export class FakeCall {
  #answered = false;
  #cancelled = false;
  readonly #deliver: (response: Observable<DynamoDBResponse>) => void;

  /** @internal */
  constructor(
    /** The request as the transport received it (signed headers, exact body text). */
    readonly request: DynamoDBRequest,
    deliver: (response: Observable<DynamoDBResponse>) => void,
  ) {
    this.#deliver = deliver;
    this.body = JSON.parse(request.body) as Record<string, unknown>;
  }

  /** The wire body, parsed. */
  readonly body: Record<string, unknown>;

  /** The action, e.g. `GetItem`. */
  get action(): string {
    return this.request.action;
  }

  /** The table named by the request, if any. */
  get table(): string | undefined {
    return this.request.table;
  }

  /** Whether the call was answered (by `respond`, `fail`, `networkError` or a `when` handler). */
  get answered(): boolean {
    return this.#answered;
  }

  /** Whether the caller unsubscribed before the answer completed (the request was aborted). */
  get cancelled(): boolean {
    return this.#cancelled;
  }

  /** Answers with a 200 and this wire body. */
  respond(body: object = {}): void {
    this.reply(okResponse(body));
  }

  /** Answers with a DynamoDB error, e.g. `fail('ConditionalCheckFailedException')`. */
  fail(code: string, message?: string, statusCode?: number): void {
    this.reply(errorResponse(code, message, statusCode));
  }

  /** Fails the request as a broken connection would (a retryable `NetworkError`). */
  networkError(code = 'ECONNRESET'): void {
    this.reply(new Observable((subscriber) => subscriber.error(new NetworkError(`${this.action} failed: ${code}`, true, { action: this.action }))));
  }

  /** Answers with any response, or an Observable of one (for marble timing). */
  reply(response: DynamoDBResponse | Observable<DynamoDBResponse>): void {
    if (this.#answered) throw new Error(`${this.action} was already answered`);
    this.#answered = true;
    this.#deliver(response instanceof Observable ? response : new Observable((subscriber) => {
      subscriber.next(response);
      subscriber.complete();
    }));
  }

  /** @internal */
  markCancelled(): void {
    this.#cancelled = true;
  }
}

function matches(call: FakeCall, match: CallMatch): boolean {
  return call.action === match.action && (match.table === undefined || call.table === match.table) && (match.body === undefined || match.body(call.body));
}

function describeMatch(match: CallMatch): string {
  return `${match.action}${match.table ? ` on ${match.table}` : ''}${match.body ? ' (with a body predicate)' : ''}`;
}

/**
 * A fake DynamoDB for tests: pass `fake.transport` (or use `fake.client()`) and no network, no
 * Promise is involved, so it works inside `TestScheduler.run`.
 *
 * Two styles. Marble: `fake.when('Query', () => cold('--r|', { r: pageResponse(items) }))` answers
 * every matching call with that Observable, so retries, backoff and paging show in marble
 * diagrams. Imperative, like Angular's HttpTestingController: `fake.expectOne('GetItem').respond(...)`,
 * then `fake.verify()` to check nothing is left unanswered.
 *
 * @example
 * const fake = new FakeDynamoDB();
 * const db = fake.client();
 * db.getItem('Users', { id: 'u1' }).subscribe(console.log);
 * fake.expectOne({ action: 'GetItem', table: 'Users' }).respond({ Item: { id: { S: 'u1' } } });
 * fake.verify();
 */
export class FakeDynamoDB {
  /** Every call received, in order. */
  readonly calls: FakeCall[] = [];
  readonly #handlers: { match: CallMatch; respond: (call: FakeCall) => DynamoDBResponse | Observable<DynamoDBResponse> }[] = [];

  /** The transport to pass as the client's `transport` option. */
  readonly transport: Transport = (request) =>
    new Observable<DynamoDBResponse>((subscriber) => {
      let delivered = false;
      let answer: { unsubscribe(): void } | undefined;
      const call = new FakeCall(request, (response) => {
        answer = response.subscribe({
          next: (value) => subscriber.next(value),
          error: (error: unknown) => {
            delivered = true;
            subscriber.error(error);
          },
          complete: () => {
            delivered = true;
            subscriber.complete();
          },
        });
      });
      this.calls.push(call);
      const handler = this.#handlers.find((entry) => matches(call, entry.match));
      if (handler) call.reply(handler.respond(call));
      return () => {
        if (!delivered) call.markCancelled();
        answer?.unsubscribe();
      };
    });

  /**
   * Answers every call matching `match` (an action name or a {@link CallMatch}) with what
   * `respond` returns: a response, or an Observable of one (a marble such as `cold('--r|', { r })`).
   */
  when(match: string | CallMatch, respond: (call: FakeCall) => DynamoDBResponse | Observable<DynamoDBResponse>): this {
    this.#handlers.push({ match: typeof match === 'string' ? { action: match } : match, respond });
    return this;
  }

  /** Calls matching `match` that have not been answered yet. */
  pending(match?: string | CallMatch): FakeCall[] {
    const wanted = typeof match === 'string' ? { action: match } : match;
    return this.calls.filter((call) => !call.answered && !call.cancelled && (wanted === undefined || matches(call, wanted)));
  }

  /** The one unanswered call matching `match`; throws if there are none or several. */
  expectOne(match: string | CallMatch): FakeCall {
    const wanted = typeof match === 'string' ? { action: match } : match;
    const found = this.pending(wanted);
    if (found.length !== 1) {
      throw new Error(`expected one pending ${describeMatch(wanted)} call, found ${found.length} (pending: ${this.#summary()})`);
    }
    return found[0]!;
  }

  /** Throws if an unanswered call matches `match`. */
  expectNone(match: string | CallMatch): void {
    const wanted = typeof match === 'string' ? { action: match } : match;
    const found = this.pending(wanted);
    if (found.length > 0) throw new Error(`expected no pending ${describeMatch(wanted)} call, found ${found.length}`);
  }

  /** Throws if any call is still waiting for an answer. */
  verify(): void {
    if (this.pending().length > 0) throw new Error(`unanswered calls: ${this.#summary()}`);
  }

  /**
   * A client wired to this fake: test credentials, an empty environment (nothing read from the
   * machine), and jitter pinned to its maximum (`random: () => 1`) so retry delays are exact.
   */
  client(options: DynamoDBOptions = {}): DynamoDB {
    return new DynamoDB({ credentials: TEST_CREDENTIALS, region: 'us-east-1', env: {}, ...options, transport: this.transport, retry: { random: () => 1, ...options.retry } });
  }

  #summary(): string {
    const pending = this.pending();
    return pending.length === 0 ? 'none' : pending.map((call) => `${call.action}${call.table ? ` on ${call.table}` : ''}`).join(', ');
  }
}
