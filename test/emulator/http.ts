// Plumbing shared by the provider emulators: recording, routing, bearer auth, replies, small validators.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readings } from './readings.ts';
import { KEYS } from './seed.ts';
import type { ProviderName } from './seed.ts';

export interface RecordedRequest {
  provider: ProviderName;
  method: string;
  /** Path after the provider prefix, without the query, e.g. /api/v1/agents/<id>/publish. */
  path: string;
  /** Full path and query as received. */
  rawPath: string;
  query: Record<string, string>;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** Raw body, '' when none. */
  body: string;
  /** The parsed body, when it is JSON. */
  json?: unknown;
}

/** A response: a JSON body (`json`), a raw body (`text`), or neither for an empty body. */
export interface Reply {
  status: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

export function json(status: number, body: unknown): Reply {
  return { status, json: body };
}

export interface RouteContext<S> {
  state: S;
  /** The decoded `{agent_id}`, else the path's one parameter (`{phone_number}`…); '' when the route has none. */
  agentId: string;
  /** Every decoded `{name}` segment of the path, by name. */
  params: Record<string, string>;
  query: Record<string, string>;
  request: RecordedRequest;
  /** Which reading of the provider's docs the emulator plays now. */
  readings: Readings;
}

export interface Route<S> {
  method: string;
  /** Provider-relative path; a `{name}` segment stands for one non-empty segment. */
  path: string;
  handle: (context: RouteContext<S>) => Reply;
}

export interface ProviderDefinition<S> {
  name: ProviderName;
  /** Where the provider's base URL points on the emulator, e.g. /langdock/api/public. */
  mountPath: string;
  /** 401 body for a missing or wrong key. */
  unauthorizedBody: unknown;
  /** Replaces the 401 where a reading answers a bad key differently. */
  unauthorized?: (readings: Readings) => Reply | undefined;
  /** Whether the request carries the key; default `Authorization: Bearer <key>`. */
  authorized?: (request: RecordedRequest, key: string) => boolean;
  /** 404 body for a path or method the provider does not serve. */
  unknownRouteBody: unknown;
  routes: readonly Route<S>[];
  seed: () => S;
}

/** A provider bound to its live state, so the server needs no knowledge of the state's type. */
export interface MountedProvider {
  name: ProviderName;
  mountPath: string;
  dispatch: (request: RecordedRequest) => Reply;
}

export function mount<S>(
  provider: ProviderDefinition<S>,
  state: () => S,
  readings: () => Readings,
  key: () => string = () => KEYS[provider.name],
): MountedProvider {
  const dispatch = (request: RecordedRequest): Reply => {
    for (const route of provider.routes) {
      if (route.method !== request.method) continue;
      const params = matchPath(route.path, request.path);
      if (params === undefined) continue;
      const authorized = provider.authorized ?? hasBearer;
      if (!authorized(request, key()))
        return provider.unauthorized?.(readings()) ?? json(401, provider.unauthorizedBody);
      const agentId = params.agent_id ?? Object.values(params)[0] ?? '';
      return route.handle({
        state: state(),
        agentId,
        params,
        query: request.query,
        request,
        readings: readings(),
      });
    }
    return json(404, provider.unknownRouteBody);
  };
  return { name: provider.name, mountPath: provider.mountPath, dispatch };
}

/** The decoded `{name}` segments when `path` matches `pattern`, else undefined. */
function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const expected = pattern.split('/');
  const actual = path.split('/');
  if (expected.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, segment] of expected.entries()) {
    const value = actual[i] ?? '';
    const name = /^\{(\w+)\}$/.exec(segment)?.[1];
    if (name !== undefined) {
      if (value === '') return undefined;
      params[name] = decodeSegment(value);
    } else if (segment !== value) {
      return undefined;
    }
  }
  return params;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function hasBearer(request: RecordedRequest, key: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match?.[1] === key;
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function recordRequest(
  provider: ProviderName,
  req: IncomingMessage,
  url: URL,
  mountPath: string,
  body: string,
): RecordedRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const recorded: RecordedRequest = {
    provider,
    method: req.method ?? 'GET',
    path: url.pathname.slice(mountPath.length) || '/',
    rawPath: req.url ?? '/',
    query: Object.fromEntries(url.searchParams),
    headers,
    body,
  };
  const parsed = parseJson(body);
  if (parsed !== undefined) recorded.json = parsed;
  return recorded;
}

/** The parsed value, or undefined when the text is empty or not JSON (JSON itself cannot produce undefined). */
export function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Writes the reply's status and headers (with its content-length) and returns the body still to send. */
export function writeHead(res: ServerResponse, reply: Reply): Buffer {
  let payload = '';
  const headers: Record<string, string> = {};
  if (reply.json !== undefined) {
    payload = JSON.stringify(reply.json);
    headers['content-type'] = 'application/json';
  } else if (reply.text !== undefined) {
    payload = reply.text;
  }
  Object.assign(headers, reply.headers);
  const body = Buffer.from(payload);
  headers['content-length'] = String(body.length);
  res.writeHead(reply.status, headers);
  return body;
}

export function sendReply(res: ServerResponse, reply: Reply): void {
  res.end(writeHead(res, reply));
}

// Validators used by more than one provider.

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Canonical hyphenated form only; real servers may also accept braces or the 32-digit form. */
export function isUuid(value: unknown): value is string {
  return (
    typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)
  );
}

/** The integer a query parameter spells, or undefined when it spells none. */
export function parseInteger(text: string): number | undefined {
  return /^[+-]?\d+$/.test(text) ? Number(text) : undefined;
}
