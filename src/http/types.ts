import type { Observable } from 'rxjs';

/** The parts of an endpoint URL that signing and sending need. */
export interface Endpoint {
  /** The URL requests are posted to. */
  readonly url: string;
  /** `host[:port]` exactly as it goes in the Host header (the port only when not the default). */
  readonly host: string;
  /** The region to sign for when it is not the client's: region `local` (DynamoDB Local) signs for us-east-1, as the AWS SDKs do. */
  readonly signingRegion?: string;
}

/** A DynamoDB response body, as parsed JSON. */
export type WireResponse = Record<string, unknown>;

/** One signed HTTP request to DynamoDB, as a {@link Transport} receives it. */
export interface DynamoDBRequest {
  /** The DynamoDB action, e.g. `GetItem`. */
  readonly action: string;
  /** The table the call is about, when it has one. */
  readonly table?: string | undefined;
  /** Full endpoint URL, e.g. `https://dynamodb.us-east-1.amazonaws.com/`. */
  readonly url: string;
  /** Signed headers, `Authorization` included. */
  readonly headers: Readonly<Record<string, string>>;
  /** The exact JSON text that was signed. */
  readonly body: string;
}

/** The HTTP response a {@link Transport} hands back, whatever its status. */
export interface DynamoDBResponse {
  readonly statusCode: number;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The response body as text (decompressed, checksum already verified). */
  readonly body: string;
}

/**
 * Sends one request and emits its response once. It must be cold, abort the request when
 * unsubscribed, and emit every HTTP status as a response (errors are for network failures).
 * The client hears only its first response; one that completes without a response fails the
 * attempt with a `MalformedResponseError` (retried), and one that throws or returns something
 * other than an Observable with a `NetworkError`.
 * The default posts with axios; tests inject a fake from `rx-dynamodb/testing`.
 */
export type Transport = (request: DynamoDBRequest) => Observable<DynamoDBResponse>;
