// Reads the step's inputs into frozen, validated requests before any network call. Pure: the values
// come from an InputSource, so the rules here are unit-tested without a runner. One agent's rules
// live in agent.ts, shared with the manifest (src/manifest/validate.ts).
import { agentInputNames, apiKeyProblem, keyProblem, readAgent } from './agent.ts';
import { InputError, inputErrors } from '../errors.ts';
import { attempt, boolean, choice, number } from './values.ts';
import { inputsBesidesKey, inputsHoldingKey, keyPastedError } from './key-reuse.ts';
import type { ProviderAdapter, AgentTarget } from '../providers/types.ts';
import type { Trigger } from './context.ts';
import { Deadline, type Clock } from '../timing.ts';

export interface InputSource {
  /** The input's value, '' when not given (whitespace around it already trimmed, as @actions/core does). */
  input(name: string): string;
  env(name: string): string | undefined;
  /** The step's clock: the deadline counts on it. */
  readonly clock: Clock;
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
  /** After it no request is sent or waited for: one object for the step, shared by its agents. */
  readonly deadline: Deadline;
  /** undefined: no deployment is recorded (the `environment` input is empty). */
  readonly deployment: DeploymentSettings | undefined;
  /** plan-only: each matrix job runs its own step later, so nothing that costs money (tests) runs here. */
  readonly planOnly?: boolean;
}

/** How the step runs its requests: they matter only with a manifest of several agents. */
export interface RunSettings {
  readonly concurrency: number;
  readonly failFast: boolean;
  /** Plan every agent, write nothing, and output the agents as a job matrix. */
  readonly planOnly: boolean;
}

export interface PublishRequest {
  readonly adapter: ProviderAdapter;
  readonly target: AgentTarget;
  readonly apiKey: string;
  readonly baseUrl: string;
  readonly settings: Settings;
  /** The manifest entry's name, where it has one. */
  readonly name?: string;
  /** The agent's inputs as written (empty ones left out): what a job of its own would be given. */
  readonly inputs: Readonly<Record<string, string>>;
  /** The environment variable a job of its own reads the key from. */
  readonly apiKeyEnv: string;
}

export interface ParsedInputs {
  readonly requests: readonly PublishRequest[];
  readonly warnings: readonly string[];
  readonly run: RunSettings;
  /** Whether the agents came from a manifest: `result` is then an array. */
  readonly manifest: boolean;
}

const MAX_TIMEOUT_SECONDS = 600;
const MAX_RETRIES = 10;
const MAX_CONCURRENCY = 32;
/** Six hours: the longest a GitHub-hosted job may run. */
const MAX_DEADLINE_SECONDS = 6 * 60 * 60;
/** GitHub's limit for an environment name. */
const MAX_ENVIRONMENT_LENGTH = 255;

/**
 * The key is read from the input or the provider's environment variable. It has already been masked
 * by the caller; it is never quoted in an error.
 */
function readApiKey(source: InputSource, adapter: ProviderAdapter): string {
  const fromInput = source.input('api-key') !== '';
  const raw = source.input('api-key') || (source.env(adapter.apiKeyEnv) ?? '').trim();
  const where = `Pass it as api-key: \${{ secrets.${adapter.apiKeyEnv} }} or set the ${adapter.apiKeyEnv} environment variable (${adapter.keyHelp}).`;
  if (raw === '') throw new InputError('api-key', `is required for ${adapter.displayName}`, where);
  const problem = apiKeyProblem(raw);
  if (problem !== undefined) {
    const read = fromInput ? '' : `(read from the ${adapter.apiKeyEnv} variable) `;
    throw new InputError(
      'api-key',
      `${read}${problem}`,
      `Copy the key again without extra characters. ${where}`,
    );
  }
  return raw;
}

/** Every other input that holds the key: each an error, the key never quoted. */
function pastedKey(
  source: InputSource,
  adapter: ProviderAdapter,
  key: string,
  registry: readonly ProviderAdapter[],
) {
  const keySource = source.input('api-key') === '' ? `the ${adapter.apiKeyEnv} variable` : 'api-key';
  return inputsHoldingKey(key, inputsBesidesKey(registry), (name) => source.input(name)).map((name) =>
    keyPastedError(name, keySource),
  );
}

/**
 * The token is masked by the caller and never quoted. It is checked only when a deployment is to be
 * recorded: without `environment` it is never used.
 */
function readDeployment(source: InputSource): DeploymentSettings | undefined {
  const environment = source.input('environment');
  if (environment === '') return undefined;
  const fix =
    'Set environment to the name of a GitHub environment, e.g. voice-agents-production, or leave it empty.';
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
  const problem = keyProblem(token);
  if (problem !== undefined) throw new InputError('github-token', problem, tokenFix);
  return Object.freeze({ environment, token });
}

/** The step-wide settings, the same for every agent. plan-only implies a dry run. Problems go to `errors`. */
export function readSettings(source: InputSource, run: RunSettings, errors: InputError[]): Settings {
  const read = <T>(fallback: T, parse: () => T): T => attempt(errors, parse, fallback);
  return {
    onUnchanged: read('succeed', () =>
      choice('on-unchanged', source.input('on-unchanged'), ['succeed', 'fail'], 'succeed'),
    ),
    verify: read(true, () => boolean('verify', source.input('verify'), true)),
    dryRun: read(false, () => boolean('dry-run', source.input('dry-run'), false)) || run.planOnly,
    timeoutMs:
      read(30, () =>
        number('timeout-seconds', source.input('timeout-seconds'), 30, {
          min: 1,
          max: MAX_TIMEOUT_SECONDS,
          integer: false,
        }),
      ) * 1000,
    maxRetries: read(3, () =>
      number('max-retries', source.input('max-retries'), 3, { min: 0, max: MAX_RETRIES, integer: true }),
    ),
    deadline: new Deadline(
      read(900, () =>
        number('deadline-seconds', source.input('deadline-seconds'), 900, {
          min: 1,
          max: MAX_DEADLINE_SECONDS,
          integer: false,
        }),
      ) * 1000,
      source.clock,
    ),
    deployment: read(undefined, () => readDeployment(source)),
    ...(run.planOnly ? { planOnly: true } : {}),
  };
}

/** How the step runs its agents. Problems go to `errors`. */
export function readRunSettings(source: InputSource, errors: InputError[]): RunSettings {
  const read = <T>(fallback: T, parse: () => T): T => attempt(errors, parse, fallback);
  return Object.freeze({
    concurrency: read(4, () =>
      number('concurrency', source.input('concurrency'), 4, { min: 1, max: MAX_CONCURRENCY, integer: true }),
    ),
    failFast: read(false, () => boolean('fail-fast', source.input('fail-fast'), false)),
    planOnly: read(false, () => boolean('plan-only', source.input('plan-only'), false)),
  });
}

/** The agent's non-empty values, by input name. */
export function givenValues(
  value: (name: string) => string,
  registry: readonly ProviderAdapter[],
): Record<string, string> {
  return Object.fromEntries(
    agentInputNames(registry).flatMap((name) => (value(name) === '' ? [] : [[name, value(name)]])),
  );
}

/** One agent from the step's inputs. Every problem found is thrown at once. */
export function readInputs(
  source: InputSource,
  trigger: Trigger,
  registry: readonly ProviderAdapter[],
): ParsedInputs {
  const value = (name: string): string => source.input(name);
  const check = readAgent(value, trigger, registry);
  const errors: InputError[] = [];
  const run = readRunSettings(source, errors);
  const settings = Object.freeze(readSettings(source, run, errors));
  // The key is checked also when another input is wrong, as long as the provider is known.
  const adapter =
    check.agent?.adapter ?? registry.find((candidate) => candidate.name === value('provider').toLowerCase());
  const apiKey = adapter === undefined ? '' : attempt(errors, () => readApiKey(source, adapter), '');
  if (adapter !== undefined) errors.push(...pastedKey(source, adapter, apiKey, registry));
  if (check.agent === undefined) throw inputErrors([...check.errors, ...errors]);
  const [first, ...more] = errors;
  if (first !== undefined) throw inputErrors([first, ...more]);
  const { agent } = check;
  const request: PublishRequest = Object.freeze({
    ...agent,
    apiKey,
    settings,
    inputs: Object.freeze({ ...givenValues(value, registry), provider: agent.adapter.name }),
    apiKeyEnv: agent.adapter.apiKeyEnv,
  });
  return Object.freeze({
    requests: Object.freeze([request]),
    warnings: Object.freeze([...check.warnings]),
    run,
    manifest: false,
  });
}
