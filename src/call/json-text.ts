/**
 * A request body already serialized: `send` sends `text` as it is rather than calling `JSON.stringify`.
 * A bulk write serializes each write once (it needs the bytes to fill requests up to 16 MB) and builds
 * the request's JSON from those texts, instead of serializing every item a second time. @internal
 */
export class JsonText {
  constructor(
    /** The body's JSON: the caller guarantees it is valid JSON of an object. */
    readonly text: string,
  ) {}
}

/** The JSON text of a request body: its own text when it is a {@link JsonText}, else `JSON.stringify`. @internal */
export function bodyText(body: object): string {
  return body instanceof JsonText ? body.text : JSON.stringify(body);
}
