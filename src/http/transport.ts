// One exchange with a server over undici: a pooled connection, a time limit covering headers and body
// together, a cap on the body's size, and no redirects. Retries and their reasons live in client.ts.
import {
  Agent,
  fetch as undiciFetch,
  Pool,
  ProxyAgent,
  request as undiciRequest,
  type Dispatcher,
} from 'undici';
import { describeProxy, proxyFor, type ProxyRoute } from './proxy.ts';

const MAX_BODY_BYTES = 1024 * 1024;

export interface Exchange {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Serialized JSON, or undefined for no body. */
  readonly body?: string;
  readonly limitMs: number;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
}

/** Thrown when a body passes the size cap; the caller words the failure. */
export class BodyTooLarge extends Error {
  readonly limitBytes: number;

  constructor(limitBytes: number) {
    super(`body larger than ${limitBytes} bytes`);
    this.limitBytes = limitBytes;
  }
}

/** Pooled connections: one dispatcher for direct requests, one per proxy. */
const dispatchers = new Map<string, Dispatcher>();
const KEEP_ALIVE_MS = 4000;
/**
 * How long a proxy may take to answer a CONNECT. The request's own time limit ends the request sooner;
 * this only frees the pooled connection of a proxy that never answers.
 */
const PROXY_ANSWER_MS = 30_000;

/** The dispatcher for a request to `url`: through the proxy the runner's variables name, or direct. */
function dispatcherFor(route: ProxyRoute | undefined): Dispatcher {
  const key = route?.url ?? '';
  let dispatcher = dispatchers.get(key);
  if (dispatcher === undefined) {
    lessWasmTierUp();
    dispatcher =
      route === undefined
        ? new Agent({ keepAliveTimeout: KEEP_ALIVE_MS })
        : new ProxyAgent({
            uri: route.url,
            keepAliveTimeout: KEEP_ALIVE_MS,
            clientFactory: (origin, options) =>
              new Pool(origin, { ...options, headersTimeout: PROXY_ANSWER_MS }),
          });
    dispatchers.set(key, dispatcher);
  }
  return dispatcher;
}

/**
 * Ends every pooled connection, provider and GitHub alike, so the process can exit at once. Destroyed,
 * not closed: close() would wait for a proxy that never answers a CONNECT (undici's own limit is 300 s).
 */
export async function closeConnections(): Promise<void> {
  const current = [...dispatchers.values()];
  dispatchers.clear();
  await Promise.all(current.map((dispatcher) => dispatcher.destroy()));
}

/** A failure of a request that went through a proxy: the caller names the proxy. */
export class ThroughProxy extends Error {
  readonly route: ProxyRoute;
  /** The status the proxy refused the tunnel with (407: it wants credentials), when it did. */
  readonly refusedWith: number | undefined;

  constructor(route: ProxyRoute, cause: unknown) {
    super(`through ${describeProxy(route)}`, { cause });
    this.route = route;
    this.refusedWith = tunnelRefusal(cause);
  }
}

/** The status of undici's "Proxy response (407) !== 200 when HTTP Tunneling", wherever in the causes it is. */
function tunnelRefusal(error: unknown): number | undefined {
  let current = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const status = /^Proxy response \((\d{3})\)/.exec(current.message)?.[1];
    if (status !== undefined) return Number(status);
    current = current.cause;
  }
  return undefined;
}

/**
 * undici starts a request's signal only once the request has a connection: a request queued behind a
 * proxy that never answers its CONNECT would wait for undici's own 300 s. This ends it on the signal.
 */
function untilAborted<T>(pending: Promise<T>, signal: AbortSignal, discard: (late: T) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = () => {
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', abort, { once: true });
    pending.then(
      (value) => {
        signal.removeEventListener('abort', abort);
        if (signal.aborted) discard(value);
        else resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/**
 * undici parses HTTP with a WebAssembly module. V8 starts it on its baseline tier and, once it has run
 * a budget of bytecode, compiles it again optimized in the background: a few requests cross the default
 * budget, and the process then waits about 40 ms at exit for a compile it never uses. A run sends tens
 * of requests, where the baseline code is fast enough, so the budget is raised 100-fold. Set here, at
 * the first request, after Node's built-ins are loaded: a flag set earlier can make V8 reject their code
 * cache (test/e2e/v8-flags.test.ts checks both that V8 knows the flag and that nothing is rejected).
 */
export const WASM_TIERING_FLAG = '--wasm-tiering-budget=1300000000';

let tieringSet = false;

function lessWasmTierUp(): void {
  if (tieringSet) return;
  tieringSet = true;
  process.getBuiltinModule('node:v8').setFlagsFromString(WASM_TIERING_FLAG);
}

/** The failure's code as the retry policy reads it: an errno-like code, or TIMEOUT for any time limit. */
export function errorCode(error: unknown): string {
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

export async function exchange(request: Exchange): Promise<RawResponse> {
  const route = proxyFor(request.url);
  try {
    return await exchangeVia(dispatcherFor(route), request);
  } catch (error) {
    throw route === undefined || error instanceof BodyTooLarge ? error : new ThroughProxy(route, error);
  }
}

async function exchangeVia(dispatcher: Dispatcher, request: Exchange): Promise<RawResponse> {
  // The signal bounds connection, headers and body together; undici's own timeouts only bound each wait.
  const signal = AbortSignal.timeout(request.limitMs);
  const pending = undiciRequest(request.url, {
    method: request.method as 'GET',
    dispatcher,
    signal,
    headersTimeout: request.limitMs,
    bodyTimeout: request.limitMs,
    maxRedirections: 0,
    headers: request.headers,
    body: request.body ?? null,
  });
  const response = await untilAborted(pending, signal, (late) => late.body.destroy());
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      response.body.destroy();
      throw new BodyTooLarge(MAX_BODY_BYTES);
    }
    chunks.push(chunk);
  }
  return {
    status: response.statusCode,
    headers: response.headers,
    text: Buffer.concat(chunks).toString('utf8'),
  };
}

/**
 * fetch over the same connections as the provider requests, for the GitHub API client: the same proxy
 * choice (loopback and NO_PROXY hosts direct), and closed with them by closeConnections, so a GitHub
 * call through a proxy that never answers cannot keep the process alive after the step.
 */
export const proxiedFetch: typeof globalThis.fetch = async (input, init) => {
  const url = input instanceof Request ? input.url : String(input);
  const route = proxyFor(url);
  try {
    // undici's fetch takes the dispatcher; its Response is the one the global fetch returns.
    return (await undiciFetch(url, { ...init, dispatcher: dispatcherFor(route) } as never)) as never;
  } catch (error) {
    if (route === undefined) throw error;
    const through = new ThroughProxy(route, error);
    const why = through.refusedWith === undefined ? '' : `: it answered HTTP ${through.refusedWith}`;
    // The cause keeps a TimeoutError findable, which is how the record tells "no time" from "refused".
    throw new Error(`${error instanceof Error ? error.message : String(error)} ${through.message}${why}`, {
      cause: error,
    });
  }
};
