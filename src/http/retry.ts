// When to retry and how long to wait: full-jitter backoff, Retry-After, and which failures may be
// retried at all. The request loop in client.ts asks these; nothing here sends a request.

const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 8000;
/** Longer than this, a provider's Retry-After fails the request instead of being slept. */
export const MAX_RETRY_AFTER_MS = 60_000;
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);
/** Retryable statuses that do not prove the write was refused: only a 429 does. */
export const UNCERTAIN_WRITE_STATUSES: ReadonlySet<number> = new Set([408, 500, 502, 503, 504]);
/** Failures where the request certainly never reached the server, so even a write may be sent again. */
export const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export function backoffMs(retry: number): number {
  // Full jitter: spreads retries of many runners so they do not hit the provider in step.
  return Math.round(Math.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** retry));
}

/** The wait a provider asked for, in ms; undefined when absent or unusable (then backoff applies). */
export function retryAfterMs(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  now = Date.now(),
): number | undefined {
  const header = (name: string): string | undefined => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const ms = Number(header('retry-after-ms'));
  if (header('retry-after-ms') !== undefined && Number.isFinite(ms) && ms > 0) return ms;
  const value = header('retry-after')?.trim() ?? '';
  // Zero, past and unparsable values fall back to backoff: retrying at once is what a rate limit forbids.
  const wait = /^\d+(\.\d+)?$/.test(value)
    ? Number(value) * 1000
    : /[a-z]/i.test(value)
      ? Date.parse(value) - now
      : NaN;
  return wait > 0 ? wait : undefined;
}
