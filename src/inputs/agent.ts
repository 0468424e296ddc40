// The rules for one agent's values (provider, agent-id, version, description, operation, the
// providers' own inputs, base-url), read by name from a lookup: the step's inputs or one manifest
// entry. Pure; every problem found is collected, so that a manifest can list them all at once.
import { InputError, truncate } from '../errors.ts';
import { attempt, choice, ruled } from './values.ts';
import { didYouMean } from './suggest.ts';
import type { AgentTarget, Operation, ProviderAdapter } from '../providers/types.ts';
import { defaultDescription, type Trigger } from './context.ts';
import { readTestGate } from './tests.ts';
import { readTraffic } from './traffic.ts';
import { isLoopbackHost } from '../http/proxy.ts';

/** One agent's value by input name; '' when not given. */
export type AgentValues = (name: string) => string;

/** The inputs that describe one agent: given once on the step, or on every manifest entry. */
const COMMON_AGENT_INPUTS = [
  'provider',
  'agent-id',
  'version',
  'description',
  'operation',
  'phone-numbers',
  'traffic-percent',
  'tests',
  'min-pass-rate',
  'base-url',
];

export function agentInputNames(registry: readonly ProviderAdapter[]): string[] {
  return [
    ...new Set([
      ...COMMON_AGENT_INPUTS,
      ...registry.flatMap((adapter) => adapter.extraInputs.map((extra) => extra.name)),
    ]),
  ];
}

export interface Agent {
  readonly adapter: ProviderAdapter;
  readonly target: AgentTarget;
  readonly baseUrl: string;
}

export type AgentCheck =
  | { readonly agent: Agent; readonly warnings: readonly string[] }
  | {
      readonly agent?: undefined;
      readonly errors: readonly [InputError, ...InputError[]];
      readonly warnings: readonly string[];
    };

function readProvider(raw: string, registry: readonly ProviderAdapter[]): ProviderAdapter {
  const names = registry.map((adapter) => adapter.name).join(', ');
  if (raw === '') throw new InputError('provider', 'is required', `Set provider to one of: ${names}.`);
  const adapter = registry.find((candidate) => candidate.name === raw.toLowerCase());
  if (adapter === undefined) {
    const meant = didYouMean(
      raw,
      registry.map((candidate) => candidate.name),
    );
    throw new InputError(
      'provider',
      'is not a supported provider',
      `${meant}Set provider to one of: ${names}.`,
      raw,
    );
  }
  return adapter;
}

function readOperation(raw: string, adapter: ProviderAdapter): Operation {
  const operation = choice<Operation>('operation', raw, ['publish', 'unpublish', 'rollback'], 'publish');
  if (operation === 'rollback' && !adapter.operations.includes(operation)) {
    throw new InputError(
      'operation',
      `is "rollback", which ${adapter.displayName} cannot do: ${adapter.noRollback ?? 'it keeps no earlier versions to go back to'}`,
      `Remove operation, or publish the earlier state again (${adapter.displayName} supports: ${adapter.operations.join(', ')}).`,
    );
  }
  if (!adapter.operations.includes(operation)) {
    throw new InputError(
      'operation',
      `is "${operation}", which ${adapter.displayName} has no API for`,
      `Remove operation (${adapter.displayName} supports: ${adapter.operations.join(', ')}); to take an agent offline, use the ${adapter.displayName} dashboard.`,
    );
  }
  return operation;
}

function readAgentId(raw: string, adapter: ProviderAdapter): string {
  if (raw === '')
    throw new InputError(
      'agent-id',
      'is required',
      `Set agent-id to the ${adapter.displayName} agent's id: ${adapter.agentId.expected}.`,
    );
  return ruled('agent-id', raw, adapter.agentId, `Set agent-id to ${adapter.agentId.expected}.`);
}

/**
 * The key is sent to this address, so it must be HTTPS (plain HTTP only to this machine, for tests),
 * and may carry no credentials, query or fragment that would change where or how it is sent.
 */
function readBaseUrl(raw: string, adapter: ProviderAdapter): string {
  if (raw === '') return adapter.defaultBaseUrl;
  const fix = `Set base-url to the API's address, e.g. ${adapter.defaultBaseUrl}, or leave it empty for the default.`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InputError('base-url', 'is not an absolute URL', fix, raw);
  }
  if (url.username !== '' || url.password !== '') {
    throw new InputError(
      'base-url',
      'contains credentials (user:password@)',
      `Remove them; the key goes in api-key. ${fix}`,
    );
  }
  if (raw.includes('?') || raw.includes('#'))
    throw new InputError('base-url', 'contains a query or fragment', fix, raw);
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
  if (!secure) throw new InputError('base-url', 'must use https:// (http:// only for localhost)', fix, raw);
  const normalized = `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  return adapter.normalizeBaseUrl?.(normalized) ?? normalized;
}

function readDescription(
  raw: string,
  adapter: ProviderAdapter,
  trigger: Trigger,
  warnings: string[],
): string {
  if (adapter.description === undefined) {
    if (raw !== '')
      warnings.push(`Input "description" is ignored: ${adapter.displayName} takes no version description.`);
    return '';
  }
  const max = adapter.description.maxLength;
  if (raw === '') return truncate(defaultDescription(trigger), max);
  if (raw.length > max) {
    throw new InputError(
      'description',
      `is ${raw.length} characters; ${adapter.displayName} takes at most ${max}`,
      'Shorten it.',
      raw,
    );
  }
  if (/\p{Cc}/u.test(raw.replace(/\n/g, ''))) {
    throw new InputError('description', 'contains control characters', 'Remove them.', raw);
  }
  return raw;
}

function readVersion(
  raw: string,
  adapter: ProviderAdapter,
  operation: Operation,
  warnings: string[],
): string | undefined {
  if (raw === '') return undefined;
  if (operation === 'unpublish') {
    warnings.push('Input "version" is ignored: unpublish takes the live version offline, whichever it is.');
    return undefined;
  }
  if (adapter.version === undefined) {
    warnings.push(
      `Input "version" is ignored: ${adapter.displayName} has no versions to choose from; it publishes the agent as it is.`,
    );
    return undefined;
  }
  return ruled(
    'version',
    raw,
    adapter.version,
    `Set version to ${adapter.version.expected}, or leave it empty for ${adapter.version.whenEmpty}.`,
  );
}

function readExtras(
  value: AgentValues,
  adapter: ProviderAdapter,
  operation: Operation,
  registry: readonly ProviderAdapter[],
  errors: InputError[],
  warnings: string[],
): Record<string, string> {
  const extras: Record<string, string> = {};
  // By name, so that two providers may declare an input of the same name.
  for (const name of new Set(
    registry.flatMap((candidate) => candidate.extraInputs.map((extra) => extra.name)),
  )) {
    const raw = value(name);
    if (raw === '') continue;
    const extra = adapter.extraInputs.find((own) => own.name === name);
    if (extra === undefined) {
      warnings.push(`Input "${name}" is ignored: ${adapter.displayName} does not take it.`);
    } else if (!extra.operations.includes(operation)) {
      warnings.push(
        `Input "${extra.name}" is ignored: it applies only to ${extra.operations.join(' and ')}.`,
      );
    } else {
      const fix = `Set ${extra.name} to ${extra.description}: ${extra.rule.expected}.`;
      extras[extra.name] = attempt(
        errors,
        () => ruled(extra.name, raw, extra.rule, fix, extra.inPath !== false),
        '',
      );
    }
  }
  return extras;
}

/** Validates one agent's values; the key and the step-wide settings are read by the caller. */
export function readAgent(
  value: AgentValues,
  trigger: Trigger,
  registry: readonly ProviderAdapter[],
): AgentCheck {
  const warnings: string[] = [];
  let adapter: ProviderAdapter;
  try {
    adapter = readProvider(value('provider'), registry);
  } catch (error) {
    // Every other rule depends on the provider.
    if (error instanceof InputError) return { errors: [error], warnings };
    throw error;
  }
  const errors: InputError[] = [];
  // After a wrong operation, the other values are still checked, as for a publish.
  const operation = attempt(errors, () => readOperation(value('operation'), adapter), 'publish');
  const agentId = attempt(errors, () => readAgentId(value('agent-id'), adapter), '');
  const version = attempt(errors, () => readVersion(value('version'), adapter, operation, warnings), '');
  const description =
    operation === 'publish'
      ? attempt(errors, () => readDescription(value('description'), adapter, trigger, warnings), '')
      : '';
  const extras = readExtras(value, adapter, operation, registry, errors, warnings);
  const traffic = attempt(
    errors,
    () => readTraffic(value('phone-numbers'), value('traffic-percent'), adapter, operation),
    undefined,
  );
  const tests = readTestGate(value('tests'), value('min-pass-rate'), adapter, operation, errors, warnings);
  const baseUrl = attempt(errors, () => readBaseUrl(value('base-url'), adapter), '');
  const [first, ...rest] = errors;
  if (first !== undefined) return { errors: [first, ...rest], warnings };
  const target: AgentTarget = Object.freeze({
    agentId,
    operation,
    version,
    description,
    extras: Object.freeze(extras),
    ...(traffic === undefined ? {} : { traffic }),
    ...(tests === undefined ? {} : { tests }),
  });
  return { agent: { adapter, target, baseUrl }, warnings };
}

/** Why a key cannot be sent as it is, or undefined. Never quotes the key: a near-miss is still a secret. */
export function keyProblem(key: string): string | undefined {
  if (/[^\x21-\x7e]/.test(key)) return 'contains whitespace, a line break or a non-printable character';
  return undefined;
}

/** No provider issues shorter keys; a shorter one is a placeholder or a typo, and too short to mask safely. */
export const MIN_API_KEY_LENGTH = 8;

/**
 * keyProblem, and what no provider's key is: shorter than 8 characters, one character repeated, or only
 * digits. Such a key is a placeholder or a typo, and too weak to redact: hiding "00000000" or a run of
 * digits from the log and the outputs would cut it out of ids, versions and times too.
 */
export function apiKeyProblem(key: string): string | undefined {
  const problem = keyProblem(key);
  if (problem !== undefined) return problem;
  if (key.length < MIN_API_KEY_LENGTH)
    return `is shorter than ${MIN_API_KEY_LENGTH} characters, which no provider's key is`;
  if (/^(.)\1*$/su.test(key))
    return "is one character repeated, which no provider's key is, and could not be hidden from the log safely";
  if (/^\d+$/.test(key))
    return "is only digits, which no provider's key is, and could not be hidden from the log safely";
  return undefined;
}
