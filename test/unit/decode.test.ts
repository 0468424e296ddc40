// The decoders of JSON the action did not write, and provider answers decoded against their shapes.
import { describe, expect, it } from 'vitest';
import { StateError } from '../../src/errors.ts';
import {
  array,
  boolean,
  dictionary,
  either,
  integer,
  number,
  object,
  optional,
  refine,
  ShapeError,
  string,
  withDefault,
  type Decoder,
} from '../../src/providers/shared/decode.ts';
import { decodeAnswer } from '../../src/providers/shared/json.ts';

function shapeError(decoder: Decoder<unknown>, value: unknown): ShapeError {
  try {
    decoder(value, 'response');
  } catch (error) {
    if (error instanceof ShapeError) return error;
    throw error;
  }
  throw new Error('expected a ShapeError');
}

const VERSIONS = object({
  items: array(object({ version: integer, is_published: boolean, title: optional(string) })),
  has_more: withDefault(boolean, false),
});

describe('decoders', () => {
  it('return the declared fields typed, optional ones undefined when absent or null, defaults filled in', () => {
    const decoded = VERSIONS(
      { items: [{ version: 3, is_published: true, title: null, extra: 'dropped' }] },
      'response',
    );
    expect(decoded).toEqual({
      items: [{ version: 3, is_published: true, title: undefined }],
      has_more: false,
    });
  });

  it.each([
    [{}, 'response.items', 'a list', 'missing'],
    [{ items: [{ is_published: true }] }, 'response.items[0].version', 'an integer', 'missing'],
    [{ items: [{ version: 1.5, is_published: true }] }, 'response.items[0].version', 'an integer', '1.5'],
    [
      { items: [{ version: 1, is_published: 'yes' }] },
      'response.items[0].is_published',
      'true or false',
      'a string',
    ],
    [{ items: [{ version: 1, is_published: true, title: 7 }] }, 'response.items[0].title', 'a string', '7'],
    [{ items: [], has_more: 'true' }, 'response.has_more', 'true or false', 'a string'],
    [[], 'response', 'an object', 'a list'],
    [null, 'response', 'an object', 'null'],
  ])('name the first field that does not fit: %j', (value, path, expected, found) => {
    const error = shapeError(VERSIONS, value);
    expect({ path: error.path, expected: error.expected, found: error.found }).toEqual({
      path,
      expected,
      found,
    });
  });

  it('never quote text they were given, only its kind', () => {
    const error = shapeError(object({ id: integer }), { id: '::set-output name=x::1' });
    expect(error.found).toBe('a string');
    expect(error.message).not.toContain('::');
  });

  it('read only an object’s own fields, so "constructor" or "__proto__" are not found on Object.prototype', () => {
    expect(object({ constructor: optional(string) })({}, 'r')).toEqual({ constructor: undefined });
    const polluted = JSON.parse('{"__proto__": {"admin": true}}') as unknown;
    expect(object({ admin: optional(boolean) })(polluted, 'r')).toEqual({ admin: undefined });
  });

  it('reject numbers that are not finite, and name map keys only when they are plain words', () => {
    expect(shapeError(number, Number.NaN).found).toBe('NaN');
    expect(shapeError(dictionary(number), { agtbrch_1: '0.5' }).path).toBe('response.agtbrch_1');
    expect(shapeError(dictionary(number), { '::warning::x': '0.5' }).path).toBe('response.(a key)');
    expect(dictionary(number)({ a: 0.25, b: 0.75 }, 'r')).toEqual(
      new Map([
        ['a', 0.25],
        ['b', 0.75],
      ]),
    );
  });

  it('try either shape in order, and refine a value with a rule of its own', () => {
    const version = either(number, string, 'a number or a name');
    expect(version(3, 'r')).toBe(3);
    expect(version('latest_published', 'r')).toBe('latest_published');
    expect(shapeError(version, true).expected).toBe('a number or a name');
    const even = refine(integer, (value, fail) =>
      value % 2 === 0 ? value : fail('', 'an even integer', value),
    );
    expect(even(4, 'r')).toBe(4);
    expect(shapeError(even, 3)).toMatchObject({ path: 'response', expected: 'an even integer', found: '3' });
  });
});

describe('decodeAnswer', () => {
  it('turns a provider answer that does not fit into a StateError naming the provider, the request and the field', () => {
    const request = { method: 'GET', path: '/list-agent-versions/agent_1' } as const;
    let caught: unknown;
    try {
      decodeAnswer(VERSIONS, { items: [{ version: 2 }] }, { provider: 'Retell', request });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StateError);
    const { message } = caught as StateError;
    for (const part of ['Retell', 'GET /list-agent-versions/agent_1', 'response.items[0].is_published'])
      expect(message).toContain(part);
  });

  it('words a missing answer as what it is: the request, then the field and what it should be', () => {
    const request = { method: 'GET', path: '/x' } as const;
    expect(() => decodeAnswer(VERSIONS, undefined, { provider: 'Retell', request })).toThrow(
      'Retell answered GET /x in a shape the action does not know: response should be an object, not missing.',
    );
  });

  it('returns the decoded answer when it fits', () => {
    const request = { method: 'GET', path: '/x' } as const;
    expect(decodeAnswer(VERSIONS, { items: [] }, { provider: 'Retell', request })).toEqual({
      items: [],
      has_more: false,
    });
  });
});
