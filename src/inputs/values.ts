// Parsers for single input values. Each returns the value or throws an InputError that names the
// input, quotes the value and says how to fix it.
import { InputError } from '../errors.ts';
import type { ValueRule } from '../providers/types.ts';
import { didYouMean } from './suggest.ts';

const MAX_ID_LENGTH = 128;

/** The value `read` returns; after an InputError, which is recorded, the fallback. */
export function attempt<T>(errors: InputError[], read: () => T, fallback: T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    errors.push(error);
    return fallback;
  }
}

export function choice<T extends string>(name: string, raw: string, allowed: readonly T[], fallback: T): T {
  if (raw === '') return fallback;
  const value = raw.toLowerCase();
  const found = allowed.find((option) => option === value);
  if (found === undefined) {
    throw new InputError(
      name,
      `must be one of ${allowed.map((o) => `"${o}"`).join(', ')}`,
      `${didYouMean(raw, allowed)}Set ${name} to one of them.`,
      raw,
    );
  }
  return found;
}

/** YAML 1.2 core booleans; anything else ("yes", "1") is refused rather than guessed. */
export function boolean(name: string, raw: string, fallback: boolean): boolean {
  if (raw === '') return fallback;
  if (/^(true|True|TRUE)$/.test(raw)) return true;
  if (/^(false|False|FALSE)$/.test(raw)) return false;
  throw new InputError(name, 'must be true or false', `Set ${name}: true or ${name}: false.`, raw);
}

export function number(
  name: string,
  raw: string,
  fallback: number,
  range: { min: number; max: number; integer: boolean },
): number {
  if (raw === '') return fallback;
  const pattern = range.integer ? /^\d+$/ : /^\d+(\.\d+)?$/;
  const value = Number(raw);
  if (!pattern.test(raw) || value < range.min || value > range.max) {
    const kind = range.integer ? 'a whole number' : 'a number';
    throw new InputError(
      name,
      `must be ${kind} from ${range.min} to ${range.max}`,
      `Set ${name} within that range.`,
      raw,
    );
  }
  return value;
}

/** Why a value cannot be put in a URL path safely, or undefined. Ids are encoded anyway; this keeps mistakes loud. */
function unsafeInPath(value: string): string | undefined {
  if (value.length > MAX_ID_LENGTH) return `is longer than ${MAX_ID_LENGTH} characters`;
  if (/[\s\p{Cc}]/u.test(value)) return 'contains whitespace or control characters';
  if (/[/\\?#%]/.test(value) || value.includes('..'))
    return 'contains a character that is not allowed in an id ("/", "\\", "?", "#", "%" or "..")';
  return undefined;
}

/** `inPath: false` for a name that is looked up, never sent in a URL path: spaces and "/" are then fine. */
export function ruled(name: string, raw: string, rule: ValueRule, fix: string, inPath = true): string {
  const unsafe = inPath ? unsafeInPath(raw) : /\p{Cc}/u.test(raw) ? 'contains control characters' : undefined;
  if (unsafe !== undefined) throw new InputError(name, unsafe, fix, raw);
  try {
    return rule.parse(raw);
  } catch (error) {
    const problem = error instanceof RangeError ? error.message : 'is not valid';
    throw new InputError(name, `${problem}: expected ${rule.expected}`, fix, raw);
  }
}
