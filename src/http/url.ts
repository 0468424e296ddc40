// Building request URLs: ids are always encoded, and a base URL's path prefix is kept.
import type { QueryValue } from './client.ts';

/** A path with every interpolated value URL-encoded: `encodePath\`/agents/${id}\``. */
export function encodePath(strings: TemplateStringsArray, ...values: readonly (string | number)[]): string {
  return strings.reduce((path, part, i) => {
    const value = values[i - 1];
    return `${path}${value === undefined ? '' : encodeURIComponent(String(value))}${part}`;
  });
}

export function buildUrl(
  baseUrl: string,
  path: string,
  query?: Readonly<Record<string, QueryValue>>,
): string {
  // String join on purpose: new URL(path, base) would drop a base path prefix such as /api/public.
  const entries = Object.entries(query ?? {}).map(([key, value]): [string, string] => [key, String(value)]);
  const search = new URLSearchParams(entries).toString();
  return `${baseUrl}${path}${search === '' ? '' : `?${search}`}`;
}
