// A write as a person reads it, key redacted: what a dry run prints.
import { buildUrl } from '../http/url.ts';
import type { PublishRequest } from '../inputs/index.ts';
import type { ProviderAdapter, WriteRequest } from '../providers/types.ts';

/** The headers that carry the key, as the adapter sends them: `Authorization: Bearer` unless it says otherwise. */
export function authHeaders(adapter: ProviderAdapter, apiKey: string): Readonly<Record<string, string>> {
  return adapter.authHeaders?.(apiKey) ?? { authorization: `Bearer ${apiKey}` };
}

/** "xi-api-key" → "Xi-Api-Key": how a person reads a header name. */
function headerName(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_match, dash: string, letter: string) => dash + letter.toUpperCase());
}

export function describeWrite(request: PublishRequest, write: WriteRequest): string {
  const auth = Object.entries(authHeaders(request.adapter, request.apiKey)).map(
    ([name, value]) => `${headerName(name)}: ${value.replaceAll(request.apiKey, '***')}`,
  );
  const lines = [`${write.method} ${buildUrl(request.baseUrl, write.path, write.query)}`, ...auth];
  if (write.body !== undefined)
    lines.push('Content-Type: application/json', '', JSON.stringify(write.body, null, 2));
  return lines.join('\n');
}
