import { NetworkError } from '../errors/client-errors.js';

/** Socket and DNS error codes worth another attempt, as the AWS SDKs retry them. */
const TRANSIENT_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND',
  'EAI_AGAIN', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE', 'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

/** TLS certificate verification failures (OpenSSL's X509 verify codes as Node names them): the server is not who it should be, by this client's trust. */
const UNTRUSTED_CERTIFICATE_CODES: ReadonlySet<string> = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN', 'CERT_UNTRUSTED', 'CERT_REJECTED', 'INVALID_CA', 'CERT_SIGNATURE_FAILURE',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE', 'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY', 'CERT_CHAIN_TOO_LONG', 'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE', 'CERT_REVOKED', 'UNABLE_TO_GET_CRL', 'CRL_SIGNATURE_FAILURE', 'CRL_NOT_YET_VALID', 'CRL_HAS_EXPIRED',
  'ERROR_IN_CRL_LAST_UPDATE_FIELD', 'ERROR_IN_CRL_NEXT_UPDATE_FIELD', 'UNABLE_TO_DECRYPT_CRL_SIGNATURE',
]);
const OUT_OF_DATE_CERTIFICATE_CODES: ReadonlySet<string> = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERROR_IN_CERT_NOT_BEFORE_FIELD', 'ERROR_IN_CERT_NOT_AFTER_FIELD']);
const WRONG_HOST_CERTIFICATE_CODES: ReadonlySet<string> = new Set(['ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH']);

/** How a DynamoDB or Streams endpoint's CA is trusted. */
const ENDPOINT_TRUST = 'the caBundle option or NODE_EXTRA_CA_CERTS';

/**
 * For a TLS certificate the client refused, what is wrong and what to do; `undefined` for any other code.
 * Such failures are never retried: the next attempt would meet the same certificate. `trustWith` says how
 * to trust an unknown CA: for DynamoDB and Streams, `caBundle` or `NODE_EXTRA_CA_CERTS`.
 */
export function certificateProblem(code: string, trustWith = ENDPOINT_TRUST): string | undefined {
  if (UNTRUSTED_CERTIFICATE_CODES.has(code)) {
    return `the server's TLS certificate is not signed by a trusted CA; trust its CA with ${trustWith}`;
  }
  if (OUT_OF_DATE_CERTIFICATE_CODES.has(code)) {
    return "the server's TLS certificate is outside its validity dates (expired, or this machine's clock is wrong)";
  }
  if (WRONG_HOST_CERTIFICATE_CODES.has(code)) return "the server's TLS certificate is for another host name; check the endpoint";
  return undefined;
}

/** Whether a socket or DNS error code is worth another attempt: for DynamoDB calls and credential fetches alike. */
export function isTransientSocketCode(code: string): boolean {
  return TRANSIENT_CODES.has(code);
}

/**
 * Turns a failure of the HTTP layer into a {@link NetworkError}: retryable for transient socket codes, never
 * for a refused TLS certificate (see {@link certificateProblem}). The original error is not kept as
 * `cause`: axios errors carry the request config, signed headers included. Only its code and
 * message survive.
 */
export function toNetworkError(error: unknown, action: string, host: string): NetworkError {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const codeText = typeof code === 'string' ? code : 'UNKNOWN';
  const reason = typeof message === 'string' ? message : String(error);
  const cause = Object.assign(new Error(reason), { code: codeText });
  const certificate = certificateProblem(codeText);
  if (certificate !== undefined) return new NetworkError(`${action} to ${host} failed: ${certificate} (${codeText}: ${reason})`, false, { cause, action });
  const retryable = isTransientSocketCode(codeText) || codeText.startsWith('HPE_') || /socket hang up|aborted/i.test(reason);
  return new NetworkError(`${action} to ${host} failed: ${codeText} (${reason})`, retryable, { cause, action });
}
