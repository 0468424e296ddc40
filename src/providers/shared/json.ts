// Provider JSON: answers of reads decoded against declared shapes (decode.ts), and lenient reads of
// the answers of writes that already succeeded.
import { StateError } from '../../errors.ts';
import type { HttpRequest } from '../../http/client.ts';
import { ShapeError, type Decoder } from './decode.ts';

export type JsonRecord = Readonly<Record<string, unknown>>;

/** Where a provider answer came from, for the error that says it does not fit its shape. */
export interface AnswerSource {
  /** The provider's display name: "Retell". */
  readonly provider: string;
  readonly request: Pick<HttpRequest, 'method' | 'path'>;
}

/**
 * A provider's answer decoded against its declared shape. A required field that is missing, or any
 * field of the wrong type, is a provider contract break, reported as such (provider, request and field
 * path) instead of surfacing later as "undefined".
 */
export function decodeAnswer<T>(decoder: Decoder<T>, json: unknown, source: AnswerSource): T {
  try {
    return decoder(json, 'response');
  } catch (error) {
    if (!(error instanceof ShapeError)) throw error;
    throw new StateError(
      `${source.provider} answered ${source.request.method} ${source.request.path} in a shape the action does not know: ${error.message}.`,
      'Check base-url points at the provider API (not a proxy or web page); if it does, the provider changed its API: please open an issue.',
    );
  }
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
