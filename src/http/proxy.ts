// Which proxy carries a request, from the runner's variables: HTTPS_PROXY for https (HTTP_PROXY when it
// is not set), HTTP_PROXY for http, the lower-case names first, as curl and undici read them. Loopback
// hosts and the hosts NO_PROXY lists are reached directly, for provider and GitHub calls alike: a key
// sent to this machine over plain http must never cross a proxy. A proxy is shown as host:port only,
// never with the credentials its URL may hold.
import { TransportError } from '../errors.ts';

export interface ProxyRoute {
  /** The variable the proxy came from, e.g. HTTPS_PROXY. */
  readonly variable: string;
  /** The proxy's URL, credentials included: for the dispatcher only, never shown. */
  readonly url: string;
  /** host:port, for messages. */
  readonly shown: string;
}

const VARIABLES: Readonly<Record<string, readonly string[]>> = {
  'https:': ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'],
  'http:': ['http_proxy', 'HTTP_PROXY'],
};
const DEFAULT_PORTS: Readonly<Record<string, string>> = { 'http:': '80', 'https:': '443' };

/** A proxy variable that cannot be used: the failure names the variable, never its value. */
export class ProxySettingError extends TransportError {}

/** 127.0.0.0/8, localhost and [::1] (as URL.hostname writes it). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Whether NO_PROXY (or no_proxy) lists the host: `*`, a host, a domain (`.corp` or `corp`), each with an optional :port. */
export function bypassedByNoProxy(url: URL, env: NodeJS.ProcessEnv = process.env): boolean {
  const list = env.no_proxy ?? env.NO_PROXY ?? '';
  const host = url.hostname.toLowerCase();
  const port = url.port || DEFAULT_PORTS[url.protocol] || '';
  return list
    .split(/[,\s]+/)
    .filter((entry) => entry !== '')
    .some((entry) => {
      if (entry === '*') return true;
      const match = /^(.*?)(?::(\d+))?$/.exec(entry.toLowerCase());
      const name = (match?.[1] ?? '').replace(/^\*?\.?/, '');
      if (match?.[2] !== undefined && match[2] !== port) return false;
      return name !== '' && (host === name || host.endsWith(`.${name}`));
    });
}

/** The proxy a request to `target` goes through, or undefined when it goes directly. */
export function proxyFor(target: string, env: NodeJS.ProcessEnv = process.env): ProxyRoute | undefined {
  const url = new URL(target);
  const variable = (VARIABLES[url.protocol] ?? []).find((name) => Boolean(env[name]?.trim()));
  if (variable === undefined || isLoopbackHost(url.hostname) || bypassedByNoProxy(url, env)) return undefined;
  return parseProxy(variable, (env[variable] ?? '').trim());
}

function parseProxy(variable: string, value: string): ProxyRoute {
  const fix = `Set ${variable} to the proxy's address as http://host:port (credentials, if any, as http://user:password@host:port, URL-encoded), or unset it; list hosts to reach directly in NO_PROXY.`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ProxySettingError(`The proxy in ${variable} is not a URL.`, fix);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    // new URL("proxy.corp:3128") reads "proxy.corp:" as the scheme; either way the value is not shown.
    throw new ProxySettingError(
      `The proxy in ${variable} does not start with http:// or https://, the only proxies this action can use.`,
      fix,
    );
  }
  if (url.hostname === '') throw new ProxySettingError(`The proxy in ${variable} names no host.`, fix);
  return {
    variable,
    url: url.href,
    shown: `${url.hostname}:${url.port || DEFAULT_PORTS[url.protocol] || ''}`,
  };
}

/** "the proxy 10.0.0.5:3128 (HTTPS_PROXY)", for messages. */
export function describeProxy(route: ProxyRoute): string {
  return `the proxy ${route.shown} (${route.variable})`;
}

/** " through the proxy host:port (VARIABLE)" when requests to `target` go through one, else "". */
export function proxyNote(target: string, env: NodeJS.ProcessEnv = process.env): string {
  try {
    const route = proxyFor(target, env);
    return route === undefined ? '' : ` through ${describeProxy(route)}`;
  } catch {
    return '';
  }
}
