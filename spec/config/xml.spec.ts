import { describe, expect, it } from 'vitest';
import { parseXml, textAt } from '../../src/config/credentials/xml.js';

describe('parseXml', () => {
  it('reads elements, their text and children, dropping namespace prefixes and attributes', () => {
    const root = parseXml(
      '<?xml version="1.0" encoding="UTF-8"?>\n<!-- a comment -->\n' +
        '<sts:R xmlns:sts="https://sts.amazonaws.com/doc/2011-06-15/" a=\'1\' b = "x>y"><sts:A>one</sts:A><B/><A>two</A></sts:R>\n',
    );
    expect(root.name).toBe('R');
    expect(root.children.map((child) => child.name)).toEqual(['A', 'B', 'A']);
    expect(textAt(root, 'A')).toBe('one');
    expect(textAt(root, 'B')).toBe('');
    expect(textAt(root, 'C')).toBeUndefined();
  });

  it('decodes the five named entities and character references, and keeps CDATA as written', () => {
    const root = parseXml('<R><A>a&amp;b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#65;&#x42;&#x1F600;</A><B><![CDATA[x &amp; <y>]]></B></R>');
    expect(textAt(root, 'A')).toBe(`a&b <c> "d" 'e' AB😀`);
    expect(textAt(root, 'B')).toBe('x &amp; <y>');
  });

  it('follows a path of first children', () => {
    const root = parseXml('<R><A><B><C>deep</C></B></A><A><B><C>second</C></B></A></R>');
    expect(textAt(root, 'A', 'B', 'C')).toBe('deep');
    expect(textAt(root, 'A', 'X', 'C')).toBeUndefined();
  });

  it('parses 1 MiB of short texts (what a hostile service may send within the cap) in time linear in its size', () => {
    // Each text once searched the rest of the document for an entity: 1 MiB of `x<a/>` took 40 times as long
    // as 1 MiB of `<a/>` (seconds of a blocked event loop), where the work is of the same kind.
    const fastest = (document: string): number => {
      let best = Infinity;
      for (let run = 0; run < 3; run++) {
        const started = performance.now();
        parseXml(document);
        best = Math.min(best, performance.now() - started);
      }
      return best;
    };
    const size = 1024 * 1024 - 16;
    const elements = fastest(`<r>${'<a/>'.repeat(size / 4)}</r>`);
    const texts = fastest(`<r>${'x<a/>'.repeat(Math.floor(size / 5))}</r>`);
    expect(texts).toBeLessThan(5 * elements);
  });

  it.each([
    ['an empty document', '', /no root element/],
    ['a mismatched closing tag', '<A><B></A></B>', /does not match/],
    ['an unclosed element', '<A><B>text</B>', /ends inside an element/],
    ['two root elements', '<A/><B/>', /second root/],
    ['text outside the root', '<A/>junk', /text outside/],
    ['an unknown entity', '<A>&nbsp;</A>', /unknown or malformed entity/],
    ['a bare ampersand', '<A>a & b</A>', /unknown or malformed entity/],
    ['a reference to no character', '<A>&#0;</A>', /no valid character/],
    ['a DOCTYPE (no entity expansion)', '<!DOCTYPE r [<!ENTITY x "boom">]><R>&x;</R>', /DOCTYPE/],
    ['a malformed tag', '<A b=unquoted></A>', /malformed tag/],
    ['an unterminated comment', '<A><!-- open</A>', /unterminated comment/],
    ['absurd nesting', `${'<A>'.repeat(100)}${'</A>'.repeat(100)}`, /nested deeper than 32/],
  ])('refuses %s, saying where and not quoting the document', (_name, document, problem) => {
    let message = '';
    try {
      parseXml(document);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(problem);
    expect(message).toMatch(/at offset \d+$/);
    if (document.includes('boom')) expect(message).not.toContain('boom');
  });
});
