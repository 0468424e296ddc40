// The failures of a request that went through a proxy, worded so that they name the proxy and the
// variable it came from, not base-url: the proxy refused the tunnel, or the request failed on its way.
import { TransportError } from '../errors.ts';
import { describeProxy, type ProxyRoute } from './proxy.ts';

/** The proxy answered the CONNECT with a refusal instead of opening the tunnel: nothing reached the provider. */
export function proxyRefused(label: string, route: ProxyRoute, status: number): TransportError {
  const proxy = describeProxy(route);
  if (status === 407) {
    return new TransportError(
      `${label}: ${proxy} asked for credentials (HTTP 407 Proxy Authentication Required); nothing reached the provider.`,
      `Give the proxy's user and password in ${route.variable} (http://user:password@host:port, URL-encoded, from a secret), or list the provider's host in NO_PROXY if it is reachable without the proxy.`,
    );
  }
  return new TransportError(
    `${label}: ${proxy} refused to connect to the provider (HTTP ${status}); nothing reached the provider.`,
    `Ask for the provider's host to be allowed on the proxy, or list it in NO_PROXY if it is reachable without the proxy; then re-run the job.`,
  );
}

/** A timeout or lost connection of a request through a proxy: the same failure, naming the proxy. */
export function throughProxy(failure: TransportError, route: ProxyRoute): TransportError {
  return new TransportError(
    `${failure.message} The request went through ${describeProxy(route)}.`,
    `Check that the proxy in ${route.variable} answers (one that accepts the connection and never answers fails this way), or list the provider's host in NO_PROXY to reach it directly; then re-run the job.`,
  );
}
