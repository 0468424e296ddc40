// Typed reads of provider JSON. A body that lacks a field we rely on is a provider contract break,
// reported as such instead of surfacing later as "undefined".
import { StateError } from '../../errors.ts';

export type JsonRecord = Readonly<Record<string, unknown>>;

function unexpected(where: string, expected: string): StateError {
  return new StateError(
    `The provider's response is not in the documented shape: ${where} should be ${expected}.`,
    'Check base-url points at the provider API (not a proxy or web page); if it does, the provider changed its API: please open an issue.',
  );
}

export function asRecord(value: unknown, where: string): JsonRecord {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw unexpected(where, 'an object');
  return value as JsonRecord;
}

export function asArray(value: unknown, where: string): readonly unknown[] {
  if (!Array.isArray(value)) throw unexpected(where, 'an array');
  return value;
}

export function stringField(record: JsonRecord, key: string, where: string): string {
  const value = record[key];
  if (typeof value !== 'string') throw unexpected(`${where}.${key}`, 'a string');
  return value;
}

export function integerField(record: JsonRecord, key: string, where: string): number {
  const value = record[key];
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw unexpected(`${where}.${key}`, 'an integer');
  return value;
}

export function booleanField(record: JsonRecord, key: string, where: string): boolean {
  const value = record[key];
  if (typeof value !== 'boolean') throw unexpected(`${where}.${key}`, 'true or false');
  return value;
}

export function optionalString(record: JsonRecord, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' ? value : undefined;
}

export function optionalInteger(record: JsonRecord, key: string): number | undefined {
  const value = record[key];
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

// Where providers have always found it; it lives below every layer.
export { compact } from '../../compact.ts';

/**
 * A value deep inside parsed JSON, or undefined. For bodies of a write that already succeeded:
 * a missing field there must not fail a release that went live; verify reads the real state.
 */
export function at(value: unknown, ...keys: readonly string[]): unknown {
  return keys.reduce<unknown>(
    (current, key) =>
      current !== null && typeof current === 'object' && !Array.isArray(current)
        ? (current as JsonRecord)[key]
        : undefined,
    value,
  );
}

export function stringAt(value: unknown, ...keys: readonly string[]): string | undefined {
  const found = at(value, ...keys);
  return typeof found === 'string' ? found : undefined;
}
