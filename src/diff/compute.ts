// The field diff of two configurations (plain JSON): changed leaves, named list items, credentials by
// name only. Pure and generic: no provider knows it, none is known here.
import { isCredentialName, shown } from './redact-config.ts';
import type { DiffEntry } from './types.ts';

type Json = unknown;

/** Fields of a list item that name it, in the order they are tried. */
const NAME_FIELDS = ['name', 'id', 'tool_id', 'title', 'key'] as const;

/** Text longer than this, or on several lines, is shown as a line diff. */
const LONG_TEXT = 120;

interface Walk {
  readonly entries: DiffEntry[];
  unchanged: number;
}

const isObject = (value: Json): value is Record<string, Json> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

function same(a: Json, b: Json): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** The value with object keys sorted, so that key order never counts as a change. */
export function canonical(value: Json): Json {
  if (Array.isArray(value)) return value.map(canonical);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, canonical(value[key])]),
  );
}

const isLongText = (value: Json) =>
  typeof value === 'string' && (value.length > LONG_TEXT || value.includes('\n'));

function changed(walk: Walk, path: string, before: Json, after: Json, credential: boolean): void {
  const entry: { -readonly [K in keyof DiffEntry]: DiffEntry[K] } =
    before === undefined
      ? { path, change: 'added' }
      : after === undefined
        ? { path, change: 'removed' }
        : { path, change: 'changed' };
  if (credential) entry.credential = true;
  else {
    if (before !== undefined) entry.before = shown(before);
    if (after !== undefined) entry.after = shown(after);
    if (isLongText(before) || isLongText(after)) entry.text = true;
  }
  walk.entries.push(entry);
}

/** The field that names every item of both lists uniquely, if any. */
function nameField(a: readonly Json[], b: readonly Json[]): string | undefined {
  const items = [...a, ...b];
  if (items.length === 0 || !items.every(isObject)) return undefined;
  return NAME_FIELDS.find((field) =>
    [a, b].every((list) => {
      const names = list.map((item) => (item as Record<string, Json>)[field]);
      return (
        names.every((name) => typeof name === 'string' && name !== '') && new Set(names).size === names.length
      );
    }),
  );
}

function walkList(walk: Walk, path: string, a: readonly Json[], b: readonly Json[]): void {
  const field = nameField(a, b);
  if (field !== undefined) {
    const byName = (list: readonly Json[]) =>
      new Map(list.map((item) => [String((item as Record<string, Json>)[field]), item]));
    const before = byName(a);
    const after = byName(b);
    for (const name of new Set([...before.keys(), ...after.keys()]))
      walkValue(walk, `${path}[${name}]`, before.get(name), after.get(name), isCredentialName(name));
    return;
  }
  const scalars = [...a, ...b].every((item) => !isObject(item) && !Array.isArray(item));
  if (scalars && !same(a, b)) {
    const keyOf = (item: Json) => JSON.stringify(item);
    const before = new Set(a.map(keyOf));
    const after = new Set(b.map(keyOf));
    const removed = a.filter((item) => !after.has(keyOf(item)));
    const added = b.filter((item) => !before.has(keyOf(item)));
    if (removed.length + added.length > 0) {
      for (const item of removed) changed(walk, `${path}[${String(item)}]`, item, undefined, false);
      for (const item of added) changed(walk, `${path}[${String(item)}]`, undefined, item, false);
      return;
    }
  }
  if (same(a, b)) walk.unchanged += 1;
  else changed(walk, path, a, b, false);
}

function walkValue(walk: Walk, path: string, a: Json, b: Json, credential: boolean): void {
  if (a === undefined && b === undefined) return;
  if (credential || a === undefined || b === undefined) {
    if (same(a, b)) walk.unchanged += 1;
    else changed(walk, path, a, b, credential);
    return;
  }
  if (isObject(a) && isObject(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)]))
      walkValue(walk, path === '' ? key : `${path}.${key}`, a[key], b[key], isCredentialName(key));
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    walkList(walk, path, a, b);
    return;
  }
  if (same(a, b)) walk.unchanged += 1;
  else changed(walk, path, a, b, false);
}

/** The changed fields from `before` to `after`, and how many fields are the same. */
export function diffConfigs(before: Json, after: Json): { entries: DiffEntry[]; unchanged: number } {
  const walk: Walk = { entries: [], unchanged: 0 };
  walkValue(walk, '', before, after, false);
  return { entries: walk.entries, unchanged: walk.unchanged };
}
