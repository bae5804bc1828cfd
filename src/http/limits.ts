/**
 * The largest response body the default transport reads, raw and again decompressed: 128 MiB. DynamoDB's
 * largest answer is a BatchGetItem of 16 MB of items as DynamoDB counts them, and the JSON wire form of an
 * item can be up to ~7 times that count (a list of nulls or booleans: 2 bytes counted, 14 sent per
 * element), so a real answer stays below ~112 MB; past this cap the endpoint is broken or hostile, and
 * the client stops reading rather than buffer or gunzip without bound.
 */
export const MAX_RESPONSE_BYTES = 128 * 1024 * 1024;

/**
 * The most JSON objects and arrays a response body may hold: 10 million. A size cap alone does not bound
 * memory: `{"Items":[{},{},…]}` is 3 bytes an object on the wire (and gzips ~1000 to 1), so 120 MiB of it
 * is 40 million objects, more than a default Node heap can parse and unmarshall. DynamoDB's densest real
 * answer is a 16 MB BatchGetItem of lists of nulls, 2 bytes counted per element and one object each
 * (`{"NULL":true}`): at most ~8.4 million; past this bound the endpoint is broken or hostile.
 */
export const MAX_RESPONSE_CONTAINERS = 10_000_000;

/**
 * Bodies shorter than this (8 Mi characters) are parsed without counting their containers: at 3 characters
 * or more an object or array that can be parsed (`{},`), they hold under 3 million, well inside any heap; so
 * the count costs nothing on the hot path.
 */
export const COUNT_CONTAINERS_ABOVE = 8 * 1024 * 1024;
