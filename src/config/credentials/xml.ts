/** @internal One element of a parsed XML document: its local name (namespace prefix dropped), children and own text. */
export interface XmlElement {
  readonly name: string;
  readonly children: readonly XmlElement[];
  /** The element's own character data, entities decoded (the text of its children is theirs). */
  readonly text: string;
}

const MAX_DEPTH = 32;
const OPEN_TAG = /<([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/y;
const CLOSE_TAG = /<\/([A-Za-z_][\w.:-]*)\s*>/y;
const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#(\d{1,7})|#x([0-9A-Fa-f]{1,6}));/y;
const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * @internal Parses the small XML documents AWS query-protocol services answer with: elements, attributes
 * (checked, then ignored), namespace prefixes (dropped), character data with the five named entities and
 * character references, CDATA sections, comments and the XML declaration. A DOCTYPE is refused, so no
 * entity can expand.
 *
 * @throws Error saying what is wrong and where (an offset), never quoting the document: it may hold secrets.
 */
export function parseXml(document: string): XmlElement {
  const stack: Array<{ name: string; qualified: string; children: XmlElement[]; text: string }> = [];
  let root: XmlElement | undefined;
  let at = document.startsWith('\uFEFF') ? 1 : 0;
  const fail: (problem: string) => never = (problem) => {
    throw new Error(`${problem} at offset ${at}`);
  };
  while (at < document.length) {
    const top = stack[stack.length - 1];
    const lt = document.indexOf('<', at);
    const textEnd = lt < 0 ? document.length : lt;
    if (textEnd > at) {
      const text = decodeText(document, at, textEnd, fail);
      if (top !== undefined) top.text += text;
      else if (text.trim() !== '') fail('text outside the root element');
      at = textEnd;
      continue;
    }
    if (document.startsWith('<!--', at)) at = skipPast(document, at, '-->', fail);
    else if (document.startsWith('<?', at)) at = skipPast(document, at, '?>', fail);
    else if (document.startsWith('<![CDATA[', at)) {
      const end = skipPast(document, at, ']]>', fail);
      if (top === undefined) fail('CDATA outside the root element');
      else top.text += document.slice(at + 9, end - 3);
      at = end;
    } else if (document.startsWith('<!', at)) fail('a DOCTYPE or declaration is not allowed');
    else if (document.startsWith('</', at)) {
      CLOSE_TAG.lastIndex = at;
      const close = CLOSE_TAG.exec(document) ?? fail('malformed closing tag');
      if (top === undefined || top.qualified !== close[1]) fail('closing tag does not match the open element');
      stack.pop();
      const element: XmlElement = { name: top.name, children: top.children, text: top.text };
      const parent = stack[stack.length - 1];
      if (parent !== undefined) parent.children.push(element);
      else root = element;
      at = CLOSE_TAG.lastIndex;
    } else {
      OPEN_TAG.lastIndex = at;
      const open = OPEN_TAG.exec(document) ?? fail('malformed tag');
      if (root !== undefined) fail('a second root element');
      if (stack.length >= MAX_DEPTH) fail(`elements nested deeper than ${MAX_DEPTH}`);
      const qualified = open[1] ?? '';
      const name = qualified.slice(qualified.indexOf(':') + 1);
      if (open[3] === '/') {
        const element: XmlElement = { name, children: [], text: '' };
        if (top !== undefined) top.children.push(element);
        else root = element;
      } else stack.push({ name, qualified, children: [], text: '' });
      at = OPEN_TAG.lastIndex;
    }
  }
  if (stack.length > 0) fail('the document ends inside an element');
  return root ?? fail('no root element');
}

/** The first child element named `name`, if any. */
function childElement(parent: XmlElement, name: string): XmlElement | undefined {
  return parent.children.find((child) => child.name === name);
}

/** @internal The text of the element at `path` below `parent` (each step the first child of that name), if any. */
export function textAt(parent: XmlElement, ...path: string[]): string | undefined {
  let element: XmlElement | undefined = parent;
  for (const name of path) element = element === undefined ? undefined : childElement(element, name);
  return element?.text;
}

function skipPast(document: string, at: number, terminator: string, fail: (problem: string) => never): number {
  const end = document.indexOf(terminator, at);
  return end < 0 ? fail(`unterminated ${terminator === '-->' ? 'comment' : terminator === '?>' ? 'processing instruction' : 'CDATA section'}`) : end + terminator.length;
}

/** The character data from `from` to `to`, entities decoded; searched within itself only (past it, each text would search the rest of the document). */
function decodeText(document: string, from: number, to: number, fail: (problem: string) => never): string {
  const segment = document.slice(from, to);
  if (!segment.includes('&')) return segment;
  let text = '';
  let at = 0;
  for (let amp = segment.indexOf('&'); amp >= 0; amp = segment.indexOf('&', at)) {
    text += segment.slice(at, amp);
    ENTITY.lastIndex = amp;
    const entity = ENTITY.exec(segment) ?? fail('an unknown or malformed entity');
    const [, named, decimal, hex] = entity;
    if (named !== undefined) text += NAMED[named];
    else {
      const code = decimal !== undefined ? Number(decimal) : Number.parseInt(hex ?? '', 16);
      if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) fail('a character reference to no valid character');
      text += String.fromCodePoint(code);
    }
    at = ENTITY.lastIndex;
  }
  return text + segment.slice(at);
}
