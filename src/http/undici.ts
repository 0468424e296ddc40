// undici, loaded by the two parts this action uses. `import … from 'undici'` runs undici's index, which
// also loads fetch, WebSocket, EventSource, the cache and the mocks, none of which this action calls
// (src/runner.ts says what leaving them out saved). undici is pinned to an exact version, so these paths
// change only with a deliberate upgrade, and the end-to-end tests run the bundle built on them.
import './wasm-tiering.ts';
import type { Dispatcher } from 'undici';
import Agent from 'undici/lib/dispatcher/agent.js';
import dispatchRequest from 'undici/lib/api/api-request.js';

export { Agent };

export type RequestOptions = Omit<Dispatcher.RequestOptions, 'origin' | 'path'> & {
  readonly dispatcher: Dispatcher;
};

/** undici's top-level `request(url, options)`, for an absolute URL and an explicit dispatcher. */
export function request(url: string, options: RequestOptions): Promise<Dispatcher.ResponseData> {
  const { dispatcher, ...rest } = options;
  const { origin, pathname, search } = new URL(url);
  return dispatchRequest.call(dispatcher, { ...rest, origin, path: `${pathname}${search}` });
}
