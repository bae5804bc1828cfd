import { asyncScheduler } from 'rxjs';

/**
 * The error codes the AWS SDKs treat as clock skew errors (`CLOCK_SKEW_ERROR_CODES` of @smithy/core's
 * service error classification). DynamoDB says `InvalidSignatureException` ("Signature expired"), STS
 * `SignatureDoesNotMatch` or `RequestExpired`; each counts only when the response's `Date` shows the skew.
 */
export const CLOCK_SKEW_CODES: ReadonlySet<string> = new Set([
  'AccessDeniedException', 'AuthFailure', 'InvalidSignatureException', 'RequestExpired', 'RequestInTheFuture',
  'RequestTimeTooSkewed', 'SignatureDoesNotMatch',
]);

/** How far a request's signing time must be from the server's `Date` to count as skewed: 4 minutes, as in the AWS SDKs. */
export const CLOCK_SKEW_THRESHOLD_MS = 240_000;

/**
 * An HTTP date in the IMF-fixdate form servers send (`Sat, 05 Dec 2026 14:00:00 GMT`), with a four-digit
 * year: `Date.parse` alone takes almost any text (`"garbage 42"`, `"1"`) and years SigV4 cannot format.
 */
const HTTP_DATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

let cachedSecond = Number.NaN;
let cachedDate = '';

/** Formats a time as SigV4's `X-Amz-Date` (`20240101T120000Z`); formatted once per second. */
export function amzDate(epochMs: number): string {
  const second = Math.floor(epochMs / 1000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedDate = new Date(second * 1000).toISOString().replace(/[:-]|\.\d{3}/g, '');
  }
  return cachedDate;
}

/**
 * The time a client signs with: `asyncScheduler.now()` (so `TestScheduler.run` controls it) plus an offset
 * learned from servers that refused a request for its time. One per client: its DynamoDB calls and the STS
 * `AssumeRole` calls of its default credential chain share it, and the offset stays for later calls.
 */
export class SigningClock {
  #offsetMs = 0;

  /** Milliseconds added to the local clock: the server's time minus ours, as last learned; 0 until then. */
  get offsetMs(): number {
    return this.#offsetMs;
  }

  /** The time to sign a request with, in epoch milliseconds. */
  now(): number {
    return asyncScheduler.now() + this.#offsetMs;
  }

  /**
   * Learns from a refusal: when `code` is a clock skew code ({@link CLOCK_SKEW_CODES}) and the response's
   * `Date` is {@link CLOCK_SKEW_THRESHOLD_MS} or more away from `signedAtMs` (the time the refused request was
   * signed with), keeps the server's offset and returns true: the request is worth signing again. A cached
   * answer (with an `Age` header) or one without a valid IMF-fixdate `Date` teaches nothing.
   */
  correct(code: string, signedAtMs: number, headers: Readonly<Record<string, unknown>>): boolean {
    if (!CLOCK_SKEW_CODES.has(code) || headers['age'] !== undefined) return false;
    const date = headers['date'];
    const serverTime = typeof date === 'string' && HTTP_DATE.test(date) ? Date.parse(date) : Number.NaN;
    if (Number.isNaN(serverTime) || Math.abs(serverTime - signedAtMs) < CLOCK_SKEW_THRESHOLD_MS) return false;
    this.#offsetMs = serverTime - asyncScheduler.now();
    return true;
  }
}
