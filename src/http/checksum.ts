import zlib from 'node:zlib';

let table: Uint32Array | undefined;

/** CRC-32 in pure JS, for Node versions before `zlib.crc32` (20.15). */
function crc32Js(bytes: Uint8Array, previous = 0): number {
  table ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let crc = (previous ^ 0xffffffff) >>> 0;
  for (const byte of bytes) crc = table[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * CRC-32 of raw bytes as an unsigned integer, the form DynamoDB sends in `x-amz-crc32`. Pass the
 * CRC of the bytes before these to continue it, so a body can be checked chunk by chunk.
 */
export const crc32: (bytes: Uint8Array, previous?: number) => number =
  typeof (zlib as { crc32?: unknown }).crc32 === 'function' ? (bytes, previous = 0) => zlib.crc32(bytes, previous) : crc32Js;
