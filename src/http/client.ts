// The one HTTP client. Every provider request goes through it, so timeouts, retries, size caps,
// redirect refusal and key redaction are decided here once.
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request as undiciRequest } from './undici.ts';
import {
  ActionError,
  ProviderStatusError,
  TransportError,
  UNCERTAIN_WRITE_HINT,
  UncertainWriteError,
} from '../errors.ts';
import type { Logger } from '../log.ts';
import { hintForStatus, providerMessage, type HintContext } from './failures.ts';
import { redactValue, type Redactor } from './redact.ts';

export type Method = 'GET' | 'POST' | 'PATCH';
export type QueryValue = string | number | boolean;

export interface HttpRequest {
  readonly method: Method;
  /** Already encoded: build it with `encodePath`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, QueryValue>>;
  /** A JSON body; undefined sends no body and no Content-Type. */
  readonly body?: unknown;
  /** Whether sending it twice is harmless; decides what may be retried after an ambiguous failure. */
  readonly idempotent: boolean;
  /** Non-2xx statuses the caller handles itself instead of failing. */
  readonly acceptStatus?: readonly number[];
}

export interface HttpResponse {
  readonly status: number;
  /** The redacted body text. */
  readonly text: string;
  /** The parsed, redacted body; undefined when empty or not JSON. */
  readonly json: unknown;
}

export interface HttpClientOptions {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  /** Milliseconds after the process started (performance.now()) past which nothing is sent or awaited. */
  readonly deadlineMs: number;
  readonly errors: HintContext;
  readonly redact: Redactor;
  readonly log: Logger;
}

export interface HttpClient {
  readonly baseUrl: string;
  readonly maxRetries: number;
  request(request: HttpRequest): Promise<HttpResponse>;
  /** Logs and waits the backoff (at least `atLeastMs`) before retry `retry + 1` of a step larger than one request. */
  backoff(retry: number, label: string, reason: string, atLeastMs?: number): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 8000;
const MAX_RETRY_AFTER_MS = 60_000;
const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
/** Retryable statuses that do not prove the write was refused: only a 429 does. */
const UNCERTAIN_WRITE_STATUSES = new Set([408, 500, 502, 503, 504]);
/** Failures where the request certainly never reached the server, so even a write may be sent again. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);
const USER_AGENT = 'publish-agent (GitHub Action)';

let sharedAgent: Agent | undefined;

function agent(): Agent {
  sharedAgent ??= new Agent({ keepAliveTimeout: 4000 });
  return sharedAgent;
}

/** Closes pooled connections so the process can exit at once. */
export async function closeConnections(): Promise<void> {
  const current = sharedAgent;
  sharedAgent = undefined;
  await current?.close();
}

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

function errorCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== null && typeof current === 'object'; depth++) {
    const { code, name, cause } = current as { code?: unknown; name?: unknown; cause?: unknown };
    if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return 'TIMEOUT';
    if (typeof code === 'string') return code;
    if (name === 'TimeoutError' || name === 'AbortError') return 'TIMEOUT';
    current = cause;
  }
  return 'UNKNOWN';
}

function backoffMs(retry: number): number {
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

interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const { baseUrl, apiKey, timeoutMs, maxRetries, deadlineMs, errors, redact, log } = options;
  const remainingMs = (): number => deadlineMs - performance.now();
  const deadline = `the step's deadline of ${deadlineMs / 1000} s (deadline-seconds)`;

  async function attempt(request: HttpRequest, url: string, limitMs: number): Promise<RawResponse> {
    const hasBody = request.body !== undefined;
    const response = await undiciRequest(url, {
      method: request.method,
      dispatcher: agent(),
      // The signal bounds headers and body together; undici's own timeouts only bound each wait.
      signal: AbortSignal.timeout(limitMs),
      headersTimeout: limitMs,
      bodyTimeout: limitMs,
      maxRedirections: 0,
      headers: {
        authorization: `Bearer ${apiKey}`,
        accept: 'application/json',
        'user-agent': USER_AGENT,
        ...(hasBody ? { 'content-type': 'application/json' } : {}),
      },
      body: hasBody ? JSON.stringify(request.body) : null,
    });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        response.body.destroy();
        throw new TransportError(
          `${errors.provider} ${request.method} ${request.path} answered more than ${MAX_BODY_BYTES / 1024 / 1024} MiB; the response was not read.`,
          'Check base-url points at the provider API; a proxy or web page answers large bodies.',
        );
      }
      chunks.push(chunk);
    }
    return {
      status: response.statusCode,
      headers: response.headers,
      text: redact(Buffer.concat(chunks).toString('utf8')),
    };
  }

  /** Waits before retry number `retry + 1`, unless the wait would outlast the deadline. */
  async function pause(retry: number, label: string, reason: string, waitMs: number): Promise<void> {
    if (waitMs >= remainingMs())
      throw deadlineFailure(`${label}: ${reason}, and ${deadline} leaves no time to retry.`);
    log.info(`${label}: ${reason}, retry ${retry + 1}/${maxRetries} in ${(waitMs / 1000).toFixed(1)} s`);
    await sleep(waitMs);
  }

  async function request(request: HttpRequest): Promise<HttpResponse> {
    const url = buildUrl(baseUrl, request.path, request.query);
    const label = `${errors.provider} ${request.method} ${request.path}`;

    for (let retry = 0; ; retry++) {
      const limitMs = Math.floor(Math.min(timeoutMs, remainingMs()));
      if (limitMs <= 0) throw deadlineFailure(`${label}: ${deadline} ran out before the request was sent.`);
      const started = performance.now();
      const canRetry = retry < maxRetries;
      let raw: RawResponse;
      try {
        raw = await attempt(request, url, limitMs);
      } catch (error) {
        if (error instanceof ActionError) throw error;
        const code = errorCode(error);
        const mayHaveArrived = !NOT_SENT_CODES.has(code);
        const cutByDeadline = code === 'TIMEOUT' && limitMs < timeoutMs;
        if (canRetry && !cutByDeadline && (request.idempotent || !mayHaveArrived)) {
          await pause(retry, label, code, backoffMs(retry));
          continue;
        }
        const failure = cutByDeadline
          ? deadlineFailure(`${label}: ${deadline} ran out before the answer came.`)
          : networkFailure(label, code, timeoutMs);
        throw request.idempotent || !mayHaveArrived ? failure : uncertainWrite(failure);
      }
      log.debug(`${label} → ${raw.status} in ${Math.round(performance.now() - started)} ms`);

      if (raw.status >= 200 && raw.status < 300) return parsed(raw);
      if (raw.status >= 300 && raw.status < 400) throw redirectRefused(label, raw, redact);
      if (request.acceptStatus?.includes(raw.status)) return parsed(raw);

      const retryable = RETRYABLE_STATUSES.has(raw.status) && (request.idempotent || raw.status === 429);
      if (canRetry && retryable) {
        const asked = retryAfterMs(raw.headers);
        if (asked !== undefined && asked > MAX_RETRY_AFTER_MS) {
          throw new ProviderStatusError({
            request: label,
            status: raw.status,
            detail: `rate limited, retry after ${Math.ceil(asked / 1000)} s (more than the ${MAX_RETRY_AFTER_MS / 1000} s this action waits)`,
            hint: hintForStatus(raw.status, errors),
          });
        }
        await pause(retry, label, `HTTP ${raw.status}`, asked ?? backoffMs(retry));
        continue;
      }
      const message = providerMessage(raw.text, headerValue(raw.headers['content-type']), redact);
      const failure = new ProviderStatusError({
        request: label,
        status: raw.status,
        detail: message.detail,
        ...(message.code === undefined ? {} : { code: message.code }),
        hint: hintForStatus(raw.status, errors),
      });
      throw !request.idempotent && UNCERTAIN_WRITE_STATUSES.has(raw.status)
        ? uncertainWrite(failure)
        : failure;
    }
  }

  function parsed(raw: RawResponse): HttpResponse {
    let json: unknown;
    try {
      json = raw.text.trim() === '' ? undefined : redactValue(JSON.parse(raw.text), redact);
    } catch {
      json = undefined;
    }
    return { status: raw.status, text: raw.text, json };
  }

  return {
    baseUrl,
    maxRetries,
    request,
    backoff: (retry, label, reason, atLeastMs = 0) =>
      pause(retry, label, reason, Math.max(atLeastMs, backoffMs(retry))),
  };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function redirectRefused(label: string, raw: RawResponse, redact: Redactor): TransportError {
  // A Location may carry the key back (…?token=<key>), so it is redacted like any provider text.
  const location = redact(headerValue(raw.headers.location) ?? '(no Location header)');
  let where = location;
  try {
    where = new URL(location).origin;
  } catch {
    // A relative or malformed Location is shown as it is.
  }
  return new TransportError(
    `${label} answered a redirect (HTTP ${raw.status}) to ${where}; redirects are not followed so that the key is never sent to another address.`,
    'Set base-url to the final API address (the one the redirect points to), if you trust it.',
  );
}

function networkFailure(label: string, code: string, timeoutMs: number): TransportError {
  const what =
    code === 'TIMEOUT' ? `no complete answer within ${timeoutMs / 1000} s` : `connection failed (${code})`;
  return new TransportError(
    `${label}: ${what}.`,
    'Check base-url and the runner network, or raise timeout-seconds; then re-run the job.',
  );
}

function deadlineFailure(message: string): TransportError {
  return new TransportError(
    message,
    'Raise deadline-seconds, or re-run the job when the provider answers faster (check its status page).',
  );
}

function uncertainWrite(failure: ActionError): UncertainWriteError {
  return new UncertainWriteError(
    `${failure.message} The write may have reached the provider before it failed.`,
    UNCERTAIN_WRITE_HINT,
  );
}
