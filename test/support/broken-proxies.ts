// Proxies on loopback that never carry a request, for the proxy failure tests: one accepts the connection
// and the CONNECT and then never answers (a proxy that hangs), one answers every request 407 (a proxy that
// wants credentials). Both record what they were asked for and close every connection they hold on close(),
// and a hanging connection is ended by the proxy itself after `holdMs`, so nothing outlives a test.
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface BrokenProxy {
  readonly url: string;
  /** "host:port" of every CONNECT target (or absolute URL's host) asked for, in order. */
  readonly targets: string[];
  /** The Proxy-Authorization headers received, in order ("" when none). */
  readonly authorizations: string[];
  close(): Promise<void>;
}

/**
 * Longer than a test may take (30 s), so that an action that waits for the proxy fails its test instead
 * of being freed by it; bounded, so that the proxy never holds a connection for ever.
 */
const DEFAULT_HOLD_MS = 45_000;

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

function proxyOf(server: Server, url: string, targets: string[], authorizations: string[]): BrokenProxy {
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return {
    url,
    targets,
    authorizations,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** A proxy that takes every CONNECT (and plain request) and never answers it. */
export async function startHangingProxy(holdMs = DEFAULT_HOLD_MS): Promise<BrokenProxy> {
  const targets: string[] = [];
  const authorizations: string[] = [];
  const hold = (target: string, authorization: string | undefined, socket: Socket) => {
    targets.push(target);
    authorizations.push(authorization ?? '');
    setTimeout(() => socket.destroy(), holdMs).unref();
  };
  const server = createServer((request) => {
    hold(new URL(request.url ?? '').host, request.headers['proxy-authorization'], request.socket);
  });
  server.on('connect', (request, socket: Socket) => {
    socket.on('error', () => undefined);
    hold(request.url ?? '', request.headers['proxy-authorization'], socket);
  });
  return proxyOf(server, await listen(server), targets, authorizations);
}

/** A proxy that answers every CONNECT (and plain request) 407 Proxy Authentication Required. */
export async function startAuthRequiredProxy(): Promise<BrokenProxy> {
  const targets: string[] = [];
  const authorizations: string[] = [];
  const refuse =
    'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\nContent-Length: 0\r\n\r\n';
  const server = createServer((request, response) => {
    targets.push(new URL(request.url ?? '').host);
    authorizations.push(request.headers['proxy-authorization'] ?? '');
    response.writeHead(407, { 'proxy-authenticate': 'Basic realm="corp"' }).end();
  });
  server.on('connect', (request, socket: Socket) => {
    socket.on('error', () => undefined);
    targets.push(request.url ?? '');
    authorizations.push(request.headers['proxy-authorization'] ?? '');
    socket.end(refuse);
  });
  return proxyOf(server, await listen(server), targets, authorizations);
}
