// A size cap for the GitHub API's answers, like the one on provider answers (src/http/transport.ts):
// a hostile or broken API that sends an endless body must not fill the runner's memory. Octokit
// takes the fetch it calls per request; this one reads the body itself, up to the cap, before Octokit
// sees it, so an oversized answer fails the call (a warning for the record) instead of being read.

export const MAX_GITHUB_BODY_BYTES = 1024 * 1024;

/** Statuses whose Response may not have a body. */
const NO_BODY = new Set([101, 204, 205, 304]);

export function cappedFetch(fetch: typeof globalThis.fetch, limitBytes: number): typeof globalThis.fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (response.body === null || NO_BODY.has(response.status)) return response;
    const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limitBytes) {
        await reader.cancel();
        throw new Error(`its answer was larger than ${limitBytes / 1024 / 1024} MiB and was not read`);
      }
      chunks.push(value);
    }
    const read = new Response(Buffer.concat(chunks), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
    Object.defineProperty(read, 'url', { value: response.url });
    return read;
  };
}
