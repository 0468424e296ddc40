// The one HTTP client. Every provider request goes through it, so timeouts, retries, size caps,
// redirect refusal and key redaction are decided here once.
import { setTimeout as sleep } from 'node:timers/promises';
import { ProviderStatusError, TransportError } from '../errors.ts';
import type { Logger } from '../log.ts';
import {
  deadlineFailure,
  headerValue,
  networkFailure,
  redirectRefused,
  uncertainWrite,
} from './transport-failures.ts';
import { BodyTooLarge, errorCode, exchange, type RawResponse } from './transport.ts';
import { buildUrl } from './url.ts';
import { hintForStatus, providerMessage, type HintContext } from './failures.ts';
import { redactValue, type Redactor } from './redact.ts';
import {
  backoffMs,
  MAX_RETRY_AFTER_MS,
  NOT_SENT_CODES,
  retryAfterMs,
  RETRYABLE_STATUSES,
  UNCERTAIN_WRITE_STATUSES,
} from './retry.ts';

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
  /** The headers that carry the key (the adapter's authHeaders); the key itself is redacted by `redact`. */
  readonly authHeaders: Readonly<Record<string, string>>;
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

const USER_AGENT = 'publish-agent (GitHub Action)';

/** What one attempt ended in: an answer to read, or a retry after a wait. */
type Attempt = { readonly raw: RawResponse } | { readonly retryIn: number; readonly reason: string };

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const { baseUrl, authHeaders, timeoutMs, maxRetries, deadlineMs, errors, redact, log } = options;
  const remainingMs = (): number => deadlineMs - performance.now();
  const deadline = `the step's deadline of ${deadlineMs / 1000} s (deadline-seconds)`;

  /** Waits before retry number `retry + 1`, unless the wait would outlast the deadline. */
  async function pause(retry: number, label: string, reason: string, waitMs: number): Promise<void> {
    if (waitMs >= remainingMs())
      throw deadlineFailure(`${label}: ${reason}, and ${deadline} leaves no time to retry.`);
    log.info(`${label}: ${reason}, retry ${retry + 1}/${maxRetries} in ${(waitMs / 1000).toFixed(1)} s`);
    await sleep(waitMs);
  }

  function headersFor(request: HttpRequest): Record<string, string> {
    return {
      ...authHeaders,
      accept: 'application/json',
      'user-agent': USER_AGENT,
      ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
    };
  }

  /** One try: its answer, a retry to wait for, or the failure that ends the request. */
  async function attempt(request: HttpRequest, label: string, retry: number): Promise<Attempt> {
    const limitMs = Math.floor(Math.min(timeoutMs, remainingMs()));
    if (limitMs <= 0) throw deadlineFailure(`${label}: ${deadline} ran out before the request was sent.`);
    const started = performance.now();
    try {
      const raw = await exchange({
        method: request.method,
        url: buildUrl(baseUrl, request.path, request.query),
        headers: headersFor(request),
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        limitMs,
      });
      log.debug(`${label} → ${raw.status} in ${Math.round(performance.now() - started)} ms`);
      return { raw: { ...raw, text: redact(raw.text) } };
    } catch (error) {
      if (error instanceof BodyTooLarge) throw bodyTooLarge(label, error.limitBytes);
      return connectionFailed(request, label, retry, errorCode(error), limitMs);
    }
  }

  /** A connection that failed: retried when that is safe, else the failure, marked uncertain for a write. */
  function connectionFailed(
    request: HttpRequest,
    label: string,
    retry: number,
    code: string,
    limitMs: number,
  ): Attempt {
    const mayHaveArrived = !NOT_SENT_CODES.has(code);
    const cutByDeadline = code === 'TIMEOUT' && limitMs < timeoutMs;
    if (retry < maxRetries && !cutByDeadline && (request.idempotent || !mayHaveArrived))
      return { retryIn: backoffMs(retry), reason: code };
    const failure = cutByDeadline
      ? deadlineFailure(`${label}: ${deadline} ran out before the answer came.`)
      : networkFailure(label, code, timeoutMs);
    throw request.idempotent || !mayHaveArrived ? failure : uncertainWrite(failure);
  }

  /** A non-2xx answer: a retry when the status allows one, else the provider's refusal in its words. */
  function refused(request: HttpRequest, label: string, retry: number, raw: RawResponse): Attempt {
    if (raw.status >= 300 && raw.status < 400) throw redirectRefused(label, raw, redact);
    const retryable = RETRYABLE_STATUSES.has(raw.status) && (request.idempotent || raw.status === 429);
    if (retry < maxRetries && retryable) {
      const asked = retryAfterMs(raw.headers);
      if (asked !== undefined && asked > MAX_RETRY_AFTER_MS) {
        throw new ProviderStatusError({
          request: label,
          status: raw.status,
          detail: `rate limited, retry after ${Math.ceil(asked / 1000)} s (more than the ${MAX_RETRY_AFTER_MS / 1000} s this action waits)`,
          hint: hintForStatus(raw.status, errors),
        });
      }
      return { retryIn: asked ?? backoffMs(retry), reason: `HTTP ${raw.status}` };
    }
    const message = providerMessage(raw.text, headerValue(raw.headers['content-type']), redact);
    const failure = new ProviderStatusError({
      request: label,
      status: raw.status,
      detail: message.detail,
      ...(message.code === undefined ? {} : { code: message.code }),
      hint: hintForStatus(raw.status, errors),
    });
    throw !request.idempotent && UNCERTAIN_WRITE_STATUSES.has(raw.status) ? uncertainWrite(failure) : failure;
  }

  async function request(request: HttpRequest): Promise<HttpResponse> {
    const label = `${errors.provider} ${request.method} ${request.path}`;
    for (let retry = 0; ; retry++) {
      let outcome = await attempt(request, label, retry);
      if ('raw' in outcome) {
        const { raw } = outcome;
        if ((raw.status >= 200 && raw.status < 300) || request.acceptStatus?.includes(raw.status))
          return parsed(raw);
        outcome = refused(request, label, retry, raw);
      }
      if ('retryIn' in outcome) await pause(retry, label, outcome.reason, outcome.retryIn);
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

  function bodyTooLarge(label: string, limitBytes: number): TransportError {
    return new TransportError(
      `${label} answered more than ${limitBytes / 1024 / 1024} MiB; the response was not read.`,
      'Check base-url points at the provider API; a proxy or web page answers large bodies.',
    );
  }

  return {
    baseUrl,
    maxRetries,
    request,
    backoff: (retry, label, reason, atLeastMs = 0) =>
      pause(retry, label, reason, Math.max(atLeastMs, backoffMs(retry))),
  };
}
