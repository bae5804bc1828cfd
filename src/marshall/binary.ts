import { Buffer } from 'node:buffer';
import { Refusal } from './path.js';

/** Standard base64 with padding, the only form DynamoDB sends and accepts. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Bytes (a Uint8Array, Buffer included, or an ArrayBuffer) as base64 wire text. @internal */
export function toBase64(bytes: Uint8Array | ArrayBuffer): string {
  const view = bytes instanceof Uint8Array ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : Buffer.from(bytes);
  return view.toString('base64');
}

/** Bytes that padded standard base64 `text` decodes to. @internal */
export function base64ByteLength(text: string): number {
  return (text.length / 4) * 3 - (text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0);
}

/**
 * Base64 wire text as a plain Uint8Array over its own memory (not a Buffer, not a slice of Node's shared
 * pool). Throws a {@link Refusal} for anything but padded standard base64.
 *
 * @internal
 */
export function fromBase64(text: string): Uint8Array {
  if (!BASE64.test(text)) {
    throw new Refusal(`binary value is not standard padded base64 (${text.length} characters): B and BS hold base64 of the bytes`);
  }
  const bytes = new Uint8Array(base64ByteLength(text));
  Buffer.from(bytes.buffer).write(text, 'base64');
  return bytes;
}
