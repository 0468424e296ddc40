// One exchange with a server over undici: a pooled connection, a time limit covering headers and body
// together, a cap on the body's size, and no redirects. Retries and their reasons live in client.ts.
import { Agent, EnvHttpProxyAgent, request as undiciRequest, type Dispatcher } from 'undici';

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

let sharedAgent: Dispatcher | undefined;

/** True when the step's environment names a proxy (self-hosted runners behind one do). */
export function proxyConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'].some((name) => Boolean(env[name]));
}

/**
 * With a proxy configured, undici's EnvHttpProxyAgent sends each request through it, or straight to
 * hosts NO_PROXY lists. Without one, a plain Agent: EnvHttpProxyAgent warns on stderr that it is
 * experimental, which a run that uses no proxy has no reason to print.
 */
function agent(): Dispatcher {
  const options = { keepAliveTimeout: 4000 };
  if (sharedAgent === undefined) lessWasmTierUp();
  sharedAgent ??= proxyConfigured() ? new EnvHttpProxyAgent(options) : new Agent(options);
  return sharedAgent;
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

/** Closes pooled connections so the process can exit at once. */
export async function closeConnections(): Promise<void> {
  const current = sharedAgent;
  sharedAgent = undefined;
  await current?.close();
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
  const response = await undiciRequest(request.url, {
    method: request.method as 'GET',
    dispatcher: agent(),
    // The signal bounds headers and body together; undici's own timeouts only bound each wait.
    signal: AbortSignal.timeout(request.limitMs),
    headersTimeout: request.limitMs,
    bodyTimeout: request.limitMs,
    maxRedirections: 0,
    headers: request.headers,
    body: request.body ?? null,
  });
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
