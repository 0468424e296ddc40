// One exchange with a server over undici: a pooled connection, a time limit covering headers and body
// together, a cap on the body's size, and no redirects. Retries and their reasons live in client.ts.
import { Agent, request as undiciRequest } from './undici.ts';

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
