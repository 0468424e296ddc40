// FastAPI/Pydantic-style request validation, as Diga answers it: every problem in one 422 `{detail: [...]}`.

import { isPlainObject, isUuid, json, parseInteger } from './http.ts';
import type { Reply } from './http.ts';

export interface ValidationError {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

export const validationFailed = (errors: ValidationError[]): Reply => json(422, { detail: errors });

const problem = (
  type: string,
  loc: ValidationError['loc'],
  msg: string,
  input: unknown,
  ctx?: Record<string, unknown>,
): ValidationError[] => [ctx ? { type, loc, msg, input, ctx } : { type, loc, msg, input }];

/** For an optional UUID: absent and null pass. */
export function uuidProblems(loc: ValidationError['loc'], input: unknown): ValidationError[] {
  if (input === undefined || input === null || isUuid(input)) return [];
  if (typeof input !== 'string') {
    return problem('uuid_type', loc, 'UUID input should be a string, bytes or UUID object', input);
  }
  return problem(
    'uuid_parsing',
    loc,
    'Input should be a valid UUID, unable to parse string as a UUID',
    input,
  );
}

export function integerProblems(
  name: string,
  input: string | undefined,
  min: number,
  max?: number,
): ValidationError[] {
  if (input === undefined) return [];
  const loc = ['query', name];
  const value = parseInteger(input);
  if (value === undefined) {
    return problem(
      'int_parsing',
      loc,
      'Input should be a valid integer, unable to parse string as an integer',
      input,
    );
  }
  if (value < min) {
    return problem('greater_than_equal', loc, `Input should be greater than or equal to ${min}`, input, {
      ge: min,
    });
  }
  if (max !== undefined && value > max) {
    return problem('less_than_equal', loc, `Input should be less than or equal to ${max}`, input, {
      le: max,
    });
  }
  return [];
}

export function enumProblems(
  name: string,
  input: string | undefined,
  allowed: readonly string[],
): ValidationError[] {
  if (input === undefined || allowed.includes(input)) return [];
  const expected = allowed.map((value) => `'${value}'`).join(' or ');
  return problem('enum', ['query', name], `Input should be ${expected}`, input, { expected });
}

const TRUE_WORDS = ['1', 'on', 't', 'true', 'y', 'yes'];
const FALSE_WORDS = ['0', 'off', 'f', 'false', 'n', 'no'];

/** Pydantic's lenient boolean; undefined when absent or unreadable. */
export function parseBoolean(input: string | undefined): boolean | undefined {
  const word = input?.toLowerCase() ?? '';
  if (TRUE_WORDS.includes(word)) return true;
  if (FALSE_WORDS.includes(word)) return false;
  return undefined;
}

export function booleanProblems(name: string, input: string | undefined): ValidationError[] {
  if (input === undefined || parseBoolean(input) !== undefined) return [];
  return problem(
    'bool_parsing',
    ['query', name],
    'Input should be a valid boolean, unable to interpret input',
    input,
  );
}

/** A required JSON object body whose listed fields are optional UUIDs. */
export function bodyProblems(raw: string, body: unknown, uuidFields: readonly string[]): ValidationError[] {
  if (raw.trim() === '') return problem('missing', ['body'], 'Field required', null);
  if (body === undefined) {
    return problem('json_invalid', ['body', 0], 'JSON decode error', {}, { error: 'Expecting value' });
  }
  if (!isPlainObject(body)) {
    const msg = 'Input should be a valid dictionary or object to extract fields from';
    return problem('model_attributes_type', ['body'], msg, body);
  }
  return uuidFields.flatMap((field) => uuidProblems(['body', field], body[field]));
}
