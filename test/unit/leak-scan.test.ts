import { describe, expect, it } from 'vitest';
import { findLeaks, parseOutputFile, shownLog } from '../support/run-action.ts';

describe('the leak scan used on every end-to-end run', () => {
  const key = 'sk-demo/0123456789+abc';
  it.each([
    ['plain', `Authorization: Bearer ${key}`],
    ['URL-encoded', `?key=${encodeURIComponent(key)}`],
    ['base64', Buffer.from(key).toString('base64')],
    ['inside a JSON body', JSON.stringify({ key })],
  ])('finds a key %s', (_form, text) => {
    expect(findLeaks(text, [key])).not.toEqual([]);
  });

  it('finds nothing in clean text', () => {
    expect(findLeaks('Authorization: Bearer ***', [key])).toEqual([]);
  });
});

describe('parseOutputFile', () => {
  it('reads the runner output file format, multi-line values included', () => {
    const text = 'status<<EOF_1\npublished\nEOF_1\nresult<<EOF_2\n{"a":1}\nline 2\nEOF_2\n';
    expect(parseOutputFile(text)).toEqual({ status: 'published', result: '{"a":1}\nline 2' });
  });

  it('reads name=value lines, as `echo "name=value" >> "$GITHUB_OUTPUT"` writes them', () => {
    expect(parseOutputFile('base-url=http://127.0.0.1:1/a=b\nempty=\n')).toEqual({
      'base-url': 'http://127.0.0.1:1/a=b',
      empty: '',
    });
  });

  it('refuses a line it cannot read rather than dropping it', () => {
    expect(() => parseOutputFile('just text\n')).toThrow('cannot read the line "just text"');
  });
});

describe('shownLog', () => {
  it('hides masks and debug lines, and shows annotations as the runner does', () => {
    const stdout =
      '::add-mask::secret\n::debug::detail\nplain\n::error::bad%0AFix: do it\n::notice title=T::note\n';
    expect(shownLog(stdout)).toBe('plain\nError: bad\nFix: do it\nNotice: note\n');
  });
});
