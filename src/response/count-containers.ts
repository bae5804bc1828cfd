/** `{`, `[`, `"` and `\` as char codes. */
const OPEN_BRACE = 123;
const OPEN_BRACKET = 91;
const QUOTE = 34;
const BACKSLASH = 92;

/**
 * Whether JSON `text` opens more than `limit` objects and arrays (braces and brackets outside strings),
 * counted in one pass without parsing, so a body can be refused before `JSON.parse` builds them. @internal
 */
export function exceedsContainers(text: string, limit: number): boolean {
  let containers = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === BACKSLASH) i++;
      else if (char === QUOTE) inString = false;
    } else if (char === QUOTE) {
      inString = true;
    } else if ((char === OPEN_BRACE || char === OPEN_BRACKET) && ++containers > limit) {
      return true;
    }
  }
  return false;
}
