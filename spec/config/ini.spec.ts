import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors/client-errors.js';
import { parseIni } from '../../src/config/ini.js';

const sections = (text: string): Record<string, Record<string, string>> =>
  Object.fromEntries([...parseIni(text, 'f')].map(([name, settings]) => [name, Object.fromEntries(settings)]));

describe('parseIni', () => {
  it('reads sections, settings, comments and whitespace as the AWS CLI does', () => {
    const text = [
      '# a comment',
      '; another',
      '  [default]',
      '  aws_access_key_id=AKID',
      '  AWS_Secret_Access_Key   =   with = and # inside  ',
      '',
      '[ profile dev ]   # trailing comment',
      '\tregion = eu-west-1',
      'empty =',
    ].join('\n');
    expect(sections(text)).toEqual({
      default: { aws_access_key_id: 'AKID', aws_secret_access_key: 'with = and # inside' },
      'profile dev': { region: 'eu-west-1', empty: '' },
    });
  });

  it('skips nested settings under a key without an error', () => {
    const text = '[default]\ns3 =\n  max_concurrent_requests = 10\n  addressing_style = path\nregion = us-west-2\n';
    expect(sections(text)).toEqual({ default: { s3: '', region: 'us-west-2' } });
  });

  it('handles CRLF line ends and a byte-order mark', () => {
    expect(sections('\uFEFF[default]\r\nregion = ap-south-1\r\n')).toEqual({ default: { region: 'ap-south-1' } });
  });

  it('merges a repeated section, the later value winning', () => {
    expect(sections('[a]\nx = 1\ny = 1\n[b]\n[a]\nx = 2\n')).toEqual({ a: { x: '2', y: '1' }, b: {} });
  });

  it.each([
    ['[default]\nregion = x\nAKIASECRETVALUE\n', 3, 'expected `key = value`'],
    ['secret = SECRETVALUE\n[default]\n', 1, 'before any [section]'],
    ['[default]\n[ ]\n', 2, 'empty section name'],
    ['[default]\n\n[profile SECRETVALUE\n', 3, 'malformed section header'],
    ['[default]\n= SECRETVALUE\n', 2, 'without a name'],
  ])('reports a syntax error with file and line, never the text (%#)', (text, line, problem) => {
    const error = catchError(() => parseIni(text, '/tmp/aws/config'));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain(`/tmp/aws/config line ${line}: `);
    expect(error.message).toContain(problem);
    expect(error.message).not.toContain('SECRETVALUE');
  });

  it('reads back any profile map it is given in INI form', () => {
    const name = fc.stringMatching(/^[A-Za-z0-9_.-]{1,12}$/);
    const value = fc.stringMatching(/^[!-~]([ -~]{0,20}[!-~])?$/);
    fc.assert(
      fc.property(fc.dictionary(name, fc.dictionary(name.map((key) => key.toLowerCase()), value)), (profiles) => {
        const text = Object.entries(profiles)
          .map(([section, settings]) => `[${section}]\n${Object.entries(settings).map(([k, v]) => `${k} = ${v}`).join('\n')}`)
          .join('\n\n');
        expect(sections(text)).toEqual(profiles);
      }),
    );
  });
});

function catchError(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}
