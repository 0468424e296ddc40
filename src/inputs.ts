// Reads every input into one frozen, validated request before any network call. Pure: the values
// come from an InputSource, so the rules here are unit-tested without a runner.
import { InputError, truncate } from './errors.ts';
import { boolean, choice, number, ruled } from './input-values.ts';
import type { ProviderAdapter, AgentTarget, Operation } from './providers/types.ts';
import { defaultDescription, type Trigger } from './trigger.ts';

export interface InputSource {
  /** The input's value, '' when not given (whitespace around it already trimmed, as @actions/core does). */
  input(name: string): string;
  env(name: string): string | undefined;
}

export type OnUnchanged = 'succeed' | 'fail';

/** Where and with which token each publish is recorded as a GitHub deployment. */
export interface DeploymentSettings {
  readonly environment: string;
  readonly token: string;
}

export interface Settings {
  readonly onUnchanged: OnUnchanged;
  readonly verify: boolean;
  readonly dryRun: boolean;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  /** Time from the step's start after which no request is sent or waited for. */
  readonly deadlineMs: number;
  /** undefined: no deployment is recorded (the `environment` input is empty). */
  readonly deployment: DeploymentSettings | undefined;
}

export interface PublishRequest {
  readonly adapter: ProviderAdapter;
  readonly target: AgentTarget;
  readonly apiKey: string;
  readonly baseUrl: string;
  readonly settings: Settings;
}

export interface ParsedInputs {
  readonly requests: readonly PublishRequest[];
  readonly warnings: readonly string[];
}

const MAX_TIMEOUT_SECONDS = 600;
const MAX_RETRIES = 10;
/** Six hours: the longest a GitHub-hosted job may run. */
const MAX_DEADLINE_SECONDS = 6 * 60 * 60;
/** GitHub's limit for an environment name. */
const MAX_ENVIRONMENT_LENGTH = 255;

function readProvider(raw: string, registry: readonly ProviderAdapter[]): ProviderAdapter {
  const names = registry.map((adapter) => adapter.name).join(', ');
  if (raw === '') throw new InputError('provider', 'is required', `Set provider to one of: ${names}.`);
  const adapter = registry.find((candidate) => candidate.name === raw.toLowerCase());
  if (adapter === undefined)
    throw new InputError('provider', 'is not a supported provider', `Set provider to one of: ${names}.`, raw);
  return adapter;
}

/**
 * The key is read from the input or the provider's environment variable. It has already been masked
 * by the caller; it is never quoted in an error, since a near-miss of a key is still a secret.
 */
function readApiKey(source: InputSource, adapter: ProviderAdapter): string {
  const raw = source.input('api-key') || (source.env(adapter.apiKeyEnv) ?? '').trim();
  const where = `Pass it as api-key: \${{ secrets.${adapter.apiKeyEnv} }} or set the ${adapter.apiKeyEnv} environment variable (${adapter.keyHelp}).`;
  if (raw === '') throw new InputError('api-key', `is required for ${adapter.displayName}`, where);
  if (/[^\x21-\x7e]/.test(raw)) {
    throw new InputError(
      'api-key',
      'contains whitespace, a line break or a non-printable character',
      `Copy the key again without extra characters. ${where}`,
    );
  }
  return raw;
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
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
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname));
  if (!secure) throw new InputError('base-url', 'must use https:// (http:// only for localhost)', fix, raw);
  const normalized = `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  return adapter.normalizeBaseUrl?.(normalized) ?? normalized;
}

function readDescription(
  source: InputSource,
  adapter: ProviderAdapter,
  trigger: Trigger,
  warnings: string[],
): string {
  const raw = source.input('description');
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
  source: InputSource,
  adapter: ProviderAdapter,
  operation: Operation,
  warnings: string[],
): string | undefined {
  const raw = source.input('version');
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
  source: InputSource,
  adapter: ProviderAdapter,
  operation: Operation,
  registry: readonly ProviderAdapter[],
  warnings: string[],
) {
  const extras: Record<string, string> = {};
  // By name, so that two providers may declare an input of the same name.
  for (const name of new Set(
    registry.flatMap((candidate) => candidate.extraInputs.map((extra) => extra.name)),
  )) {
    const raw = source.input(name);
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
      extras[extra.name] = ruled(extra.name, raw, extra.rule, fix);
    }
  }
  return extras;
}

/**
 * The token is masked by the caller and never quoted. It is checked only when a deployment is to be
 * recorded: without `environment` it is never used.
 */
function readDeployment(source: InputSource): DeploymentSettings | undefined {
  const environment = source.input('environment');
  if (environment === '') return undefined;
  const fix =
    'Set environment to the name of a GitHub environment, e.g. retell-production, or leave it empty.';
  if (environment.length > MAX_ENVIRONMENT_LENGTH) {
    throw new InputError(
      'environment',
      `is ${environment.length} characters; GitHub takes at most ${MAX_ENVIRONMENT_LENGTH}`,
      fix,
      environment,
    );
  }
  if (/\p{Cc}/u.test(environment))
    throw new InputError('environment', 'contains control characters', fix, environment);
  const token = source.input('github-token');
  const tokenFix =
    'Leave github-token at its default (${{ github.token }}) or pass a token with the deployments: write permission.';
  if (token === '') throw new InputError('github-token', 'is required when environment is set', tokenFix);
  if (/[^\x21-\x7e]/.test(token)) {
    throw new InputError(
      'github-token',
      'contains whitespace, a line break or a non-printable character',
      tokenFix,
    );
  }
  return Object.freeze({ environment, token });
}

function readSettings(source: InputSource): Settings {
  return {
    onUnchanged: choice('on-unchanged', source.input('on-unchanged'), ['succeed', 'fail'], 'succeed'),
    verify: boolean('verify', source.input('verify'), true),
    dryRun: boolean('dry-run', source.input('dry-run'), false),
    timeoutMs:
      number('timeout-seconds', source.input('timeout-seconds'), 30, {
        min: 1,
        max: MAX_TIMEOUT_SECONDS,
        integer: false,
      }) * 1000,
    maxRetries: number('max-retries', source.input('max-retries'), 3, {
      min: 0,
      max: MAX_RETRIES,
      integer: true,
    }),
    deadlineMs:
      number('deadline-seconds', source.input('deadline-seconds'), 900, {
        min: 1,
        max: MAX_DEADLINE_SECONDS,
        integer: false,
      }) * 1000,
    deployment: readDeployment(source),
  };
}

export function readInputs(
  source: InputSource,
  trigger: Trigger,
  registry: readonly ProviderAdapter[],
): ParsedInputs {
  const warnings: string[] = [];
  const adapter = readProvider(source.input('provider'), registry);
  const operation = choice<Operation>(
    'operation',
    source.input('operation'),
    ['publish', 'unpublish'],
    'publish',
  );
  if (!adapter.operations.includes(operation)) {
    throw new InputError(
      'operation',
      `is "${operation}", which ${adapter.displayName} has no API for`,
      `Remove operation (${adapter.displayName} supports: ${adapter.operations.join(', ')}); to take an agent offline, use the ${adapter.displayName} dashboard.`,
    );
  }
  const rawAgentId = source.input('agent-id');
  if (rawAgentId === '')
    throw new InputError(
      'agent-id',
      'is required',
      `Set agent-id to the ${adapter.displayName} agent's id: ${adapter.agentId.expected}.`,
    );
  const agentId = ruled(
    'agent-id',
    rawAgentId,
    adapter.agentId,
    `Set agent-id to ${adapter.agentId.expected}.`,
  );

  const target: AgentTarget = Object.freeze({
    agentId,
    operation,
    version: readVersion(source, adapter, operation, warnings),
    description: operation === 'publish' ? readDescription(source, adapter, trigger, warnings) : '',
    extras: Object.freeze(readExtras(source, adapter, operation, registry, warnings)),
  });
  const request: PublishRequest = Object.freeze({
    adapter,
    target,
    apiKey: readApiKey(source, adapter),
    baseUrl: readBaseUrl(source.input('base-url'), adapter),
    settings: Object.freeze(readSettings(source)),
  });
  return Object.freeze({ requests: Object.freeze([request]), warnings: Object.freeze(warnings) });
}
