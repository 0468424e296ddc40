// A tiny HTTP proxy on loopback for the proxy tests: it tunnels CONNECT requests (what undici's
// ProxyAgent sends, for http and https targets alike) and forwards plain absolute-URL requests, and
// records every target it was asked for. Only loopback targets are served, and names under .test (a
// name reserved for tests, RFC 6761), which it reaches on 127.0.0.1: the action sends loopback addresses
// past the proxy, so a test that wants its requests carried names the server github.test:PORT.
import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';

export interface ForwardProxy {
  readonly url: string;
  /** "host:port" of every target asked for, in order. */
  readonly targets: string[];
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** The loopback address a target host is reached at, or undefined for a host this proxy does not serve. */
function served(host: string): string | undefined {
  if (LOOPBACK.has(host)) return host;
  return host.endsWith('.test') ? '127.0.0.1' : undefined;
}

function tunnel(server: Server, targets: string[]): void {
  server.on('connect', (request, client, head) => {
    const target = request.url ?? '';
    targets.push(target);
    const [host = '', port = ''] = target.split(/:(?=\d+$)/);
    const address = served(host);
    if (address === undefined) {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = connect(Number(port), address, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    const close = () => {
      upstream.destroy();
      client.destroy();
    };
    upstream.on('error', close);
    client.on('error', close);
  });
}

export async function startForwardProxy(): Promise<ForwardProxy> {
  const targets: string[] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '');
    targets.push(url.host);
    const address = served(url.hostname);
    if (address === undefined) {
      response.writeHead(403).end();
      return;
    }
    url.hostname = address;
    const upstream = httpRequest(url, { method: request.method, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.on('error', () => response.writeHead(502).end());
    request.pipe(upstream);
  });
  tunnel(server, targets);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    targets,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
