/**
 * The largest response body the default transport reads, raw and again decompressed: 128 MiB. DynamoDB's
 * largest answer is a BatchGetItem of 16 MB of items as DynamoDB counts them, and the JSON wire form of an
 * item can be up to ~7 times that count (a list of nulls or booleans: 2 bytes counted, 14 sent per
 * element), so a real answer stays below ~112 MB; past this cap the endpoint is broken or hostile, and
 * the client stops reading rather than buffer or gunzip without bound.
 */
export const MAX_RESPONSE_BYTES = 128 * 1024 * 1024;
