// The one HTTP client. Every provider request goes through it, so timeouts, retries, size caps,
// redirect refusal and key redaction are decided here once.
import { ProviderStatusError, TransportError } from '../errors.ts';
import { heldLines, type Logger } from '../log.ts';
import type { Deadline } from '../timing.ts';
import {
  deadlineFailure,
  headerValue,
  networkFailure,
  redirectRefused,
  uncertainWrite,
} from './transport-failures.ts';
import { BodyTooLarge, errorCode, exchange, ThroughProxy, type RawResponse } from './transport.ts';
import { describeProxy, ProxySettingError } from './proxy.ts';
import { proxyRefused, throughProxy } from './proxy-failures.ts';
import { buildUrl } from './url.ts';
import { hintForStatus, providerMessage, type HintContext } from './failures.ts';
import type { Redactor } from './redact.ts';
import {
  backoffMs,
  MAX_RETRY_AFTER_MS,
  NOT_SENT_CODES,
  retryAfterMs,
  retryableStatus,
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
  /** The Accept header; default application/json (e.g. a call answered with an empty body takes any). */
  readonly accept?: string;
}

/** A request that changes something at the provider. */
export type WriteRequest = HttpRequest & { readonly method: 'POST' | 'PATCH' };

export interface HttpResponse {
  readonly status: number;
  /** The redacted body text. */
  readonly text: string;
  /**
   * The parsed body as the provider sent it (undefined when empty or not JSON): what the adapter
   * decides on. Cutting the key out before parsing corrupted answers (a key that is a word the answer
   * also holds); publishAgent redacts the report and every log line it leaves with instead.
   */
  readonly json: unknown;
}

export interface HttpClientOptions {
  readonly baseUrl: string;
  /** The headers that carry the key (the adapter's authHeaders); the key itself is redacted by `redact`. */
  readonly authHeaders: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  /** Past it nothing is sent or awaited; read at every request, since it may be moved on. Waits use its clock. */
  readonly deadline: Deadline;
  readonly errors: HintContext;
  readonly redact: Redactor;
  readonly log: Logger;
  /** Statuses that, from this provider, mean "not applied": retried with backoff, a write too. */
  readonly notAppliedStatuses?: readonly number[];
}

export interface HttpClient {
  readonly baseUrl: string;
  readonly maxRetries: number;
  request(request: HttpRequest): Promise<HttpResponse>;
  /** Logs and waits the backoff (at least `atLeastMs`) before retry `retry + 1` of a step larger than one request. */
  backoff(retry: number, label: string, reason: string, atLeastMs?: number): Promise<void>;
  /**
   * The same client with its log lines held until `release()`: requests sent at the same time through
   * this one and the original still log in the order the caller chooses.
   */
  heldLog(): { readonly http: HttpClient; readonly release: () => void };
}

const USER_AGENT = 'publish-agent (GitHub Action)';

/** What one attempt ended in: an answer to read, or a retry after a wait. */
type Attempt = { readonly raw: RawResponse } | { readonly retryIn: number; readonly reason: string };

/** One client's options, with its deadline as the retry logic reads it. */
interface Session extends HttpClientOptions {
  /** "the step's deadline of 300 s (deadline-seconds)", for messages. */
  readonly deadlineText: string;
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const session: Session = {
    ...options,
    deadlineText: `the step's deadline of ${options.deadline.limitMs / 1000} s (deadline-seconds)`,
  };
  return {
    baseUrl: options.baseUrl,
    maxRetries: options.maxRetries,
    request: (request) => send(session, request),
    backoff: (retry, label, reason, atLeastMs = 0) =>
      pause(session, retry, label, reason, Math.max(atLeastMs, backoffMs(retry))),
    heldLog: () => {
      const held = heldLines();
      return {
        http: createHttpClient({ ...options, log: held.log }),
        release: () => {
          held.replay(options.log);
        },
      };
    },
  };
}

/** Waits before retry number `retry + 1`, unless the wait would outlast the deadline. */
async function pause(
  session: Session,
  retry: number,
  label: string,
  reason: string,
  waitMs: number,
): Promise<void> {
  if (waitMs >= session.deadline.remainingMs())
    throw deadlineFailure(`${label}: ${reason}, and ${session.deadlineText} leaves no time to retry.`);
  session.log.info(
    `${label}: ${reason}, retry ${retry + 1}/${session.maxRetries} in ${(waitMs / 1000).toFixed(1)} s`,
  );
  await session.deadline.clock.sleep(waitMs);
}

/** The request, tried until it is answered, retried where that is safe, or failed. */
async function send(session: Session, request: HttpRequest): Promise<HttpResponse> {
  const label = `${session.errors.provider} ${request.method} ${request.path}`;
  for (let retry = 0; ; retry++) {
    let outcome = await attempt(session, request, label, retry);
    if ('raw' in outcome) {
      const { raw } = outcome;
      if ((raw.status >= 200 && raw.status < 300) || request.acceptStatus?.includes(raw.status))
        return parsed(raw, session.redact);
      outcome = refused(session, request, label, retry, raw);
    }
    if ('retryIn' in outcome) await pause(session, retry, label, outcome.reason, outcome.retryIn);
  }
}

function headersFor(
  authHeaders: Readonly<Record<string, string>>,
  request: HttpRequest,
): Record<string, string> {
  return {
    ...authHeaders,
    accept: request.accept ?? 'application/json',
    'user-agent': USER_AGENT,
    ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
  };
}

/** One try: its answer, a retry to wait for, or the failure that ends the request. */
async function attempt(
  session: Session,
  request: HttpRequest,
  label: string,
  retry: number,
): Promise<Attempt> {
  const limitMs = Math.floor(Math.min(session.timeoutMs, session.deadline.remainingMs()));
  if (limitMs <= 0)
    throw deadlineFailure(`${label}: ${session.deadlineText} ran out before the request was sent.`);
  const started = performance.now();
  try {
    const raw = await exchange({
      method: request.method,
      url: buildUrl(session.baseUrl, request.path, request.query),
      headers: headersFor(session.authHeaders, request),
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      limitMs,
    });
    session.log.debug(`${label} → ${raw.status} in ${Math.round(performance.now() - started)} ms`);
    return { raw };
  } catch (error) {
    if (error instanceof BodyTooLarge) throw bodyTooLarge(label, error.limitBytes);
    if (error instanceof ProxySettingError)
      throw new ProxySettingError(`${label}: ${error.message}`, error.hint);
    if (error instanceof ThroughProxy && error.refusedWith !== undefined)
      throw proxyRefused(label, error.route, error.refusedWith);
    return connectionFailed(session, request, label, retry, error, limitMs);
  }
}

/** A connection that failed: retried when that is safe, else the failure, marked uncertain for a write. */
function connectionFailed(
  session: Session,
  request: HttpRequest,
  label: string,
  retry: number,
  error: unknown,
  limitMs: number,
): Attempt {
  const code = errorCode(error);
  const proxy = error instanceof ThroughProxy ? error.route : undefined;
  const mayHaveArrived = !NOT_SENT_CODES.has(code);
  const cutByDeadline = code === 'TIMEOUT' && limitMs < session.timeoutMs;
  if (retry < session.maxRetries && !cutByDeadline && (request.idempotent || !mayHaveArrived))
    return {
      retryIn: backoffMs(retry),
      reason: proxy === undefined ? code : `${code} through ${describeProxy(proxy)}`,
    };
  const failed = cutByDeadline
    ? deadlineFailure(`${label}: ${session.deadlineText} ran out before the answer came.`)
    : networkFailure(label, code, session.timeoutMs);
  const failure = proxy === undefined ? failed : throughProxy(failed, proxy);
  throw request.idempotent || !mayHaveArrived ? failure : uncertainWrite(failure);
}

/** A non-2xx answer: a retry when the status allows one, else the provider's refusal in its words. */
function refused(
  session: Session,
  request: HttpRequest,
  label: string,
  retry: number,
  raw: RawResponse,
): Attempt {
  const { errors, redact } = session;
  if (raw.status >= 300 && raw.status < 400) throw redirectRefused(label, raw, redact);
  const notApplied = session.notAppliedStatuses ?? [];
  if (retry < session.maxRetries && retryableStatus(raw.status, request.idempotent, notApplied)) {
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

function parsed(raw: RawResponse, redact: Redactor): HttpResponse {
  let json: unknown;
  try {
    json = raw.text.trim() === '' ? undefined : JSON.parse(raw.text);
  } catch {
    json = undefined;
  }
  return { status: raw.status, text: redact(raw.text), json };
}

function bodyTooLarge(label: string, limitBytes: number): TransportError {
  return new TransportError(
    `${label} answered more than ${limitBytes / 1024 / 1024} MiB; the response was not read.`,
    'Check base-url points at the provider API; a proxy or web page answers large bodies.',
  );
}
