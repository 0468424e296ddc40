// Declared shapes for JSON the action did not write (provider answers, GitHub deployment records): a
// decoder checks a value against its shape and returns it typed, or throws a ShapeError naming the first
// field that does not fit. Required fields must be there with their type; optional ones may be absent or
// null (read as undefined) but, when present, must have their type too. A ShapeError never quotes text
// the action did not write: it names the kind of value found (numbers and booleans are shown).

/** Checks `value` found at `path` ("response.items[2].version") and returns it typed. */
export type Decoder<T> = (value: unknown, path: string) => T;

/** What a decoder returns. */
export type Decoded<D> = D extends Decoder<infer T> ? T : never;

export class ShapeError extends Error {
  /** Where in the value: "response.items[2].version". */
  readonly path: string;
  /** What the shape says is there: "an integer". */
  readonly expected: string;
  /** What is there instead: "missing", "a string", "1.5". */
  readonly found: string;

  constructor(path: string, expected: string, value: unknown) {
    const found = kindOf(value);
    super(`${path} should be ${expected}, not ${found}`);
    this.name = 'ShapeError';
    this.path = path;
    this.expected = expected;
    this.found = found;
  }
}

function kindOf(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (value === '') return 'an empty string';
  if (Array.isArray(value)) return 'a list';
  // Numbers and booleans are quoted: they cannot carry text.
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function primitive<T>(expected: string, test: (value: unknown) => value is T): Decoder<T> {
  return (value, path) => {
    if (!test(value)) throw new ShapeError(path, expected, value);
    return value;
  };
}

export const string: Decoder<string> = primitive(
  'a string',
  (value): value is string => typeof value === 'string',
);
export const boolean: Decoder<boolean> = primitive(
  'true or false',
  (value): value is boolean => typeof value === 'boolean',
);
export const number: Decoder<number> = primitive(
  'a number',
  (value): value is number => typeof value === 'number' && Number.isFinite(value),
);
export const integer: Decoder<number> = primitive(
  'an integer',
  Number.isInteger as (v: unknown) => v is number,
);
/** Any JSON value, unchecked: a part the action passes on as it came (another agent's route entry). */
export const unknown: Decoder<unknown> = (value) => value;

/** May be absent or null (both read as undefined); when present, it must fit `decoder`. */
export function optional<T>(decoder: Decoder<T>): Decoder<T | undefined> {
  return (value, path) => (value === undefined || value === null ? undefined : decoder(value, path));
}

/** Optional, with the value an absent field stands for. */
export function withDefault<T>(decoder: Decoder<T>, fallback: T): Decoder<T> {
  return (value, path) => (value === undefined || value === null ? fallback : decoder(value, path));
}

/** Either shape: the first that fits. */
export function either<A, B>(first: Decoder<A>, second: Decoder<B>, expected: string): Decoder<A | B> {
  return (value, path) => {
    for (const decoder of [first, second]) {
      try {
        return decoder(value, path);
      } catch (error) {
        if (!(error instanceof ShapeError)) throw error;
      }
    }
    throw new ShapeError(path, expected, value);
  };
}

export function array<T>(item: Decoder<T>): Decoder<T[]> {
  return (value, path) => {
    if (!Array.isArray(value)) throw new ShapeError(path, 'a list', value);
    return value.map((element, index) => item(element, `${path}[${index}]`));
  };
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * An object with whatever fields it has: a configuration, compared field by field as it comes, has no
 * shape to declare.
 */
export const record: Decoder<Readonly<Record<string, unknown>>> = (value, path) => {
  if (!isRecord(value)) throw new ShapeError(path, 'an object', value);
  return value;
};

/** An object with (at least) these fields; fields not declared are dropped. */
export function object<S extends Readonly<Record<string, Decoder<unknown>>>>(
  shape: S,
): Decoder<{ -readonly [K in keyof S]: Decoded<S[K]> }> {
  return (value, path) => {
    if (!isRecord(value)) throw new ShapeError(path, 'an object', value);
    const result: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(shape)) {
      // Own fields only: a key such as "constructor" must not find Object.prototype's.
      const present = Object.hasOwn(value, key) ? value[key] : undefined;
      result[key] = field(present, `${path}.${key}`);
    }
    return result as { -readonly [K in keyof S]: Decoded<S[K]> };
  };
}

/** A key the action did not write, for a path: named when it is a plain word, else left out. */
function keyText(key: string): string {
  return /^[\w-]{1,64}$/.test(key) ? key : '(a key)';
}

/** An object used as a map: every value fits `decoder`. */
export function dictionary<T>(decoder: Decoder<T>): Decoder<Map<string, T>> {
  return (value, path) => {
    if (!isRecord(value)) throw new ShapeError(path, 'an object', value);
    return new Map(
      Object.entries(value).map(([key, item]) => [key, decoder(item, `${path}.${keyText(key)}`)]),
    );
  };
}

/**
 * A decoder followed by a rule of its own: `rule` returns the final value or throws a ShapeError (via
 * `fail`) for a value of the right type that still cannot be used.
 */
export function refine<T, U>(
  decoder: Decoder<T>,
  rule: (value: T, fail: (field: string, expected: string, found: unknown) => never) => U,
): Decoder<U> {
  return (value, path) =>
    rule(decoder(value, path), (field, expected, found) => {
      throw new ShapeError(field === '' ? path : `${path}.${field}`, expected, found);
    });
}
