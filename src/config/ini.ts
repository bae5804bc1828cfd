import { ConfigError } from '../errors/client-errors.js';

/** Sections of an INI file by their raw name (`default`, `profile dev`, ...), each a map of lower-cased keys. */
export type IniSections = Map<string, Map<string, string>>;

const SECTION = /^\[([^\]]*)\]\s*(?:[#;].*)?$/;

/**
 * Parses an AWS shared config or credentials file the way the AWS CLI reads it: `[section]` headers,
 * `key = value` lines (keys case-insensitive), whole-line `#` and `;` comments, and indented lines under
 * a key (nested settings such as `s3 =` followed by `  max_concurrent_requests = 10`) skipped.
 * A repeated section or key merges into the earlier one, the later value winning.
 *
 * @param file named in errors, which give the line number but never the line's text (it may hold a secret).
 * @throws ConfigError on a line that is neither a header, a setting, a comment nor blank.
 */
export function parseIni(text: string, file: string): IniSections {
  const sections: IniSections = new Map();
  let section: Map<string, string> | undefined;
  let keyIndent: number | undefined;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    const content = line.trim();
    if (content === '' || content.startsWith('#') || content.startsWith(';')) continue;
    const indent = line.length - line.trimStart().length;
    if (keyIndent !== undefined && indent > keyIndent) continue;
    const header = SECTION.exec(content);
    if (header) {
      const name = (header[1] ?? '').trim();
      if (name === '') throw syntaxError(file, index, 'empty section name');
      section = sections.get(name) ?? new Map<string, string>();
      sections.set(name, section);
      keyIndent = undefined;
      continue;
    }
    if (content.startsWith('[')) throw syntaxError(file, index, 'malformed section header; expected [name]');
    const equals = content.indexOf('=');
    if (equals < 0) throw syntaxError(file, index, 'expected `key = value`, a [section] header or a comment');
    const key = content.slice(0, equals).trim().toLowerCase();
    if (key === '') throw syntaxError(file, index, 'setting without a name before `=`');
    if (section === undefined) throw syntaxError(file, index, 'setting before any [section] header');
    section.set(key, content.slice(equals + 1).trim());
    keyIndent = indent;
  }
  return sections;
}

function syntaxError(file: string, index: number, problem: string): ConfigError {
  return new ConfigError(`${file} line ${index + 1}: ${problem}`);
}
