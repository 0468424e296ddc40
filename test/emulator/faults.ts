// Injected faults: rules that take over matching requests before the provider handles them.

import type { RecordedRequest, Reply } from './http.ts';
import type { ProviderName } from './seed.ts';

export interface RequestMatcher {
  provider?: ProviderName;
  /** Case-insensitive. */
  method?: string;
  /** Provider-relative path (RecordedRequest.path): exact when a string, tested when a RegExp. */
  path?: string | RegExp;
}

export interface FailRule extends RequestMatcher {
  /** How many matching requests it answers; default 1. */
  times?: number;
  status: number;
  /** An object is sent as JSON; a string as is (text/plain unless `headers` set a content-type). */
  body?: string | object;
  headers?: Record<string, string>;
}

/**
 * How a connection misbehaves instead of answering normally:
 * - `hang`: never answers; the request is not handled.
 * - `reset`: the connection is reset before anything is answered; the request is not handled.
 * - `slow-body`: the provider's answer, its body one byte every SLOW_BODY_BYTE_MS (each gap is short).
 * - `half-body`: the provider's answer, cut after half of its body.
 * - `lost-response`: the provider handles the request (state changes), then the connection drops unanswered.
 */
export type Disruption = 'hang' | 'reset' | 'slow-body' | 'half-body' | 'lost-response';

export const SLOW_BODY_BYTE_MS = 200;

export interface DisruptRule extends RequestMatcher {
  /** How many matching requests it disrupts; default 1. */
  times?: number;
  disruption: Disruption;
}

/** What a fault does to a matching request. */
export type FaultAction = { kind: 'reply'; reply: Reply } | { kind: Disruption };

interface Fault {
  matcher: RequestMatcher;
  remaining: number;
  action: FaultAction;
}

export class FaultQueue {
  #faults: Fault[] = [];

  add(matcher: RequestMatcher, times: number, action: FaultAction): void {
    if (!Number.isInteger(times) || times < 1)
      throw new RangeError(`times must be a positive integer: ${times}`);
    this.#faults.push({ matcher, remaining: times, action });
  }

  /** The action of the oldest fault matching the request, using up one of its times. */
  take(request: RecordedRequest): FaultAction | undefined {
    const fault = this.#faults.find(({ matcher }) => matches(matcher, request));
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining === 0) this.#faults = this.#faults.filter((f) => f !== fault);
    return fault.action;
  }

  clear(): void {
    this.#faults = [];
  }
}

export interface FaultSpec {
  matcher: RequestMatcher;
  times: number;
  action: FaultAction;
}

export function failRuleToFault(rule: FailRule): FaultSpec {
  return {
    matcher: matcherOf(rule),
    times: rule.times ?? 1,
    action: { kind: 'reply', reply: cannedReply(rule) },
  };
}

export function disruptRuleToFault(rule: DisruptRule): FaultSpec {
  return { matcher: matcherOf(rule), times: rule.times ?? 1, action: { kind: rule.disruption } };
}

function matcherOf(rule: RequestMatcher): RequestMatcher {
  const matcher: RequestMatcher = {};
  if (rule.provider !== undefined) matcher.provider = rule.provider;
  if (rule.method !== undefined) matcher.method = rule.method;
  if (rule.path !== undefined) matcher.path = rule.path;
  return matcher;
}

function cannedReply(rule: FailRule): Reply {
  const reply: Reply = { status: rule.status };
  if (typeof rule.body === 'string') {
    reply.text = rule.body;
    reply.headers = { 'content-type': 'text/plain; charset=utf-8' };
  } else if (rule.body !== undefined) {
    reply.json = rule.body;
  }
  if (rule.headers) reply.headers = { ...reply.headers, ...lowerCaseNames(rule.headers) };
  return reply;
}

function lowerCaseNames(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

function matches(matcher: RequestMatcher, request: RecordedRequest): boolean {
  if (matcher.provider !== undefined && matcher.provider !== request.provider) return false;
  if (matcher.method !== undefined && matcher.method.toUpperCase() !== request.method) return false;
  if (typeof matcher.path === 'string') return matcher.path === request.path;
  if (matcher.path) {
    matcher.path.lastIndex = 0; // a /g or /y RegExp keeps state between tests
    return matcher.path.test(request.path);
  }
  return true;
}
