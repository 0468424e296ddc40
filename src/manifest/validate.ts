// Validates a parsed manifest into one frozen request per agent, before any network call. Pure.
// Every problem is collected and reported at once, each with its entry and line; one agent's
// rules are the single-agent inputs' own (src/inputs/agent.ts).
import { agentInputNames, apiKeyProblem, readAgent, type Agent } from '../inputs/agent.ts';
import { InputError, ManifestError, quoted, type ManifestProblem } from '../errors.ts';
import { inputsHoldingKey, STEP_INPUTS } from '../inputs/key-reuse.ts';
import {
  givenValues,
  readRunSettings,
  readSettings,
  type InputSource,
  type ParsedInputs,
  type PublishRequest,
  type RunSettings,
  type Settings,
} from '../inputs/index.ts';
import type { ManifestEntry, ParsedManifest } from './parse.ts';
import type { ProviderAdapter } from '../providers/types.ts';
import type { Trigger } from '../inputs/context.ts';
import { closest } from '../inputs/suggest.ts';
import { sharedRouteProblems } from './shared-routes.ts';
import { agentLabel } from '../inputs/agent-label.ts';

/** GitHub runs at most 256 jobs from one matrix, so any valid manifest can also fan out (plan-only). */
const MAX_ENTRIES = 256;
const MAX_NAME_LENGTH = 100;
/** Variables the runner sets for itself: they hold its own tokens, never a provider key. */
const RUNNER_VARIABLES = /^(GITHUB|RUNNER|ACTIONS)_/i;

interface CheckedEntry {
  readonly entry: ManifestEntry;
  readonly agent: Agent;
  readonly values: ReadonlyMap<string, string>;
  /** "entry 3 "support-de" (line 14)", the line of `key` where it is given. */
  readonly at: (key?: string) => string;
  /** The line of `key` where it is given, else the entry's. */
  readonly lineOf: (key?: string) => number;
}

function entryLabel(entry: ManifestEntry, name: string | undefined): string {
  return name === undefined ? `entry ${entry.index}` : `entry ${entry.index} "${name}"`;
}

/** A key's value as text: strings as they are, whole numbers written out, null as not given. */
function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (value === null) return '';
  return undefined;
}

/** What the parser made of a value that is not text, for an error message. */
function kind(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `boolean ${String(value)}`;
  return 'a mapping';
}

/** `agentId` or `agent_id` → `agent-id`: the spelling a near-miss key most likely meant. */
function kebab(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[_\s]+/g, '-')
    .toLowerCase();
}

interface Context {
  readonly registry: readonly ProviderAdapter[];
  readonly trigger: Trigger;
  /** The keys an entry may have. */
  readonly keys: readonly string[];
  readonly problems: ManifestProblem[];
  readonly warnings: string[];
}

function nameProblem(name: string): string | undefined {
  if (name.length > MAX_NAME_LENGTH) return `is longer than ${MAX_NAME_LENGTH} characters`;
  if (/\p{Cc}/u.test(name)) return 'contains control characters';
  return undefined;
}

/** Problems with the keys themselves: not allowed, or a value that is not text. */
function keyProblems(entry: ManifestEntry, keys: readonly string[]): (ManifestProblem & { key: string })[] {
  return [...entry.values].flatMap(([key, value]) => {
    if (key === 'api-key')
      return [
        {
          key,
          message: '"api-key" does not belong in a manifest: keys are secrets.',
          hint: "Remove it; set the provider's key variable (<PROVIDER>_API_KEY, see the README) in the step's env:, or name another one with api-key-env.",
        },
      ];
    if (!keys.includes(key)) {
      const meant = keys.includes(kebab(key)) ? kebab(key) : closest(key, keys);
      const hint = meant !== undefined ? `Did you mean "${meant}"?` : `Use only: ${keys.join(', ')}.`;
      return [{ key, message: `has an unknown key "${quoted(key)}".`, hint }];
    }
    if (text(value) === undefined)
      return [
        {
          key,
          message: `"${key}" must be text, not ${kind(value)}.`,
          hint: `Give ${key} one value; quote it if in doubt.`,
        },
      ];
    return [];
  });
}

function keyEnvProblem(keyEnv: string): string | undefined {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(keyEnv))
    // Not quoted: a key pasted here by mistake must not be printed.
    return '"api-key-env" is not a variable name (letters, digits and _ only, not starting with a digit).';
  if (RUNNER_VARIABLES.test(keyEnv))
    return `"api-key-env" names ${keyEnv}, which the runner sets for itself.`;
  return undefined;
}

function readEntry(entry: ManifestEntry, context: Context): CheckedEntry | undefined {
  const values = new Map<string, string>();
  for (const [key, value] of entry.values) {
    const written = text(value);
    if (context.keys.includes(key) && written !== undefined && written !== '') values.set(key, written);
  }
  const name = values.get('name');
  const label = entryLabel(entry, name !== undefined && nameProblem(name) === undefined ? name : undefined);
  const lineOf = (key?: string): number =>
    (key === undefined ? undefined : entry.lines.get(key)) ?? entry.line;
  const at = (key?: string): string => `${label} (line ${lineOf(key)})`;
  const problems: ManifestProblem[] = keyProblems(entry, context.keys).map(({ key, message, hint }) => ({
    where: at(key),
    line: lineOf(key),
    message,
    hint,
  }));
  const badName = name === undefined ? undefined : nameProblem(name);
  if (badName !== undefined)
    problems.push({
      where: at('name'),
      line: lineOf('name'),
      message: `"name" ${badName}.`,
      hint: 'Use a short label.',
    });
  const keyEnv = values.get('api-key-env');
  const badKeyEnv = keyEnv === undefined ? undefined : keyEnvProblem(keyEnv);
  if (badKeyEnv !== undefined)
    problems.push({
      where: at('api-key-env'),
      line: lineOf('api-key-env'),
      message: badKeyEnv,
      hint: 'Name the environment variable that holds the key, such as MY_PROVIDER_KEY_EU.',
    });

  const check = readAgent((key) => values.get(key) ?? '', context.trigger, context.registry);
  context.warnings.push(...check.warnings.map((warning) => `${at()}: ${warning.replace(/^Input /, '')}`));
  if (check.agent === undefined)
    problems.push(
      ...check.errors.map((error) => ({
        where: at(error.input),
        line: lineOf(error.input),
        message: `"${error.input}" ${error.problem}.`,
        hint: error.hint,
      })),
    );
  context.problems.push(...problems);
  // Returned despite other problems of the entry, so that a repeated agent is reported too.
  return check.agent === undefined ? undefined : { entry, agent: check.agent, values, at, lineOf };
}

/** One line for two entries that name the same agent (or share a name): the later one is reported. */
function duplicateProblems(checked: readonly CheckedEntry[]): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const agents = new Map<string, CheckedEntry>();
  const names = new Map<string, CheckedEntry>();
  for (const entry of checked) {
    const { adapter, target } = entry.agent;
    const agentKey = `${adapter.name} ${target.agentId}`;
    const sameAgent = agents.get(agentKey);
    if (sameAgent === undefined) agents.set(agentKey, entry);
    else
      problems.push({
        where: entry.at('agent-id'),
        line: entry.lineOf('agent-id'),
        message: `repeats ${agentLabel(entry.agent)} of ${sameAgent.at('agent-id')}.`,
        hint: 'List each agent once: two writes to one agent in one step would race.',
      });
    const name = entry.values.get('name');
    const sameName = name === undefined ? undefined : names.get(name);
    if (name !== undefined && sameName === undefined) names.set(name, entry);
    else if (sameName !== undefined)
      problems.push({
        where: entry.at('name'),
        line: entry.lineOf('name'),
        message: `has the name of ${sameName.at('name')}.`,
        hint: 'Give each entry its own name: it labels the entry in the log, the summary and the matrix.',
      });
  }
  return problems;
}

interface KeyedEntry extends CheckedEntry {
  readonly apiKey: string;
  readonly apiKeyEnv: string;
}

/** What is wrong with an entry's key, if anything: not set, or not a key. */
function keyIssue(
  adapter: CheckedEntry['agent']['adapter'],
  apiKey: string,
  keyEnv: string | undefined,
  fromInput: boolean,
): { message: string; hint: string } | undefined {
  const variable = keyEnv ?? adapter.apiKeyEnv;
  // Never the name api-key-env gives: a key pasted there by mistake is a valid variable name.
  const named = keyEnv === undefined ? variable : 'The variable "api-key-env" names';
  if (apiKey === '')
    return {
      message: `${named} is not set, so there is no ${adapter.displayName} key.`,
      hint:
        keyEnv === undefined
          ? `Set ${variable}: \${{ secrets.${variable} }} in the step's env: (${adapter.keyHelp}).`
          : `Set that variable in the step's env: from a secret, and give api-key-env its name, never the key itself (${adapter.keyHelp}).`,
    };
  const bad = apiKeyProblem(apiKey);
  if (bad === undefined) return undefined;
  return {
    message: `${fromInput ? 'Input "api-key"' : named} ${bad}.`,
    hint: 'Copy the key again without extra characters.',
  };
}

/**
 * Each entry's key: from its api-key-env, else from api-key when every entry has the same provider,
 * else from the provider's variable. A missing key is reported once for all the entries it concerns.
 */
function readKeys(
  checked: readonly CheckedEntry[],
  source: InputSource,
  problems: ManifestProblem[],
): KeyedEntry[] {
  const apiKeyInput = source.input('api-key');
  const adapters = [...new Set(checked.map((entry) => entry.agent.adapter))];
  if (apiKeyInput !== '' && adapters.length > 1)
    problems.push({
      message: `Input "api-key" can be used only when every entry has the same provider; this manifest has ${adapters.map((adapter) => adapter.displayName).join(', ')}.`,
      hint: `Remove api-key and set ${adapters.map((adapter) => adapter.apiKeyEnv).join(', ')} in the step's env: from secrets, or give entries api-key-env.`,
    });
  const missing = new Map<string, { hint: string; entries: number[] }>();
  const keyed = checked.flatMap((entry): KeyedEntry[] => {
    const keyEnv = entry.values.get('api-key-env');
    const fromInput = keyEnv === undefined && adapters.length === 1 && apiKeyInput !== '';
    const variable = keyEnv ?? entry.agent.adapter.apiKeyEnv;
    const apiKey = fromInput ? apiKeyInput : (source.env(variable) ?? '').trim();
    const issue =
      keyIssue(entry.agent.adapter, apiKey, keyEnv, fromInput) ??
      pastedKey(entry, source, apiKey, fromInput ? 'Input "api-key"' : variable);
    if (issue === undefined) return [{ ...entry, apiKey, apiKeyEnv: variable }];
    const seen = missing.get(issue.message) ?? { hint: issue.hint, entries: [] };
    seen.entries.push(entry.entry.index);
    missing.set(issue.message, seen);
    return [];
  });
  for (const [message, { hint, entries }] of missing)
    problems.push({
      where: `${entries.length === 1 ? 'entry' : 'entries'} ${entries.join(', ')}`,
      message,
      hint,
    });
  return keyed;
}

/** A field of the entry, or a step input, that holds the entry's key; the key is never quoted. */
function pastedKey(
  entry: CheckedEntry,
  source: InputSource,
  apiKey: string,
  keySource: string,
): { message: string; hint: string } | undefined {
  const fields = inputsHoldingKey(apiKey, [...entry.values.keys()], (name) => entry.values.get(name) ?? '');
  const steps = inputsHoldingKey(
    apiKey,
    STEP_INPUTS.filter((name) => name !== 'manifest'),
    (name) => source.input(name),
  );
  const [where] = [...fields.map((name) => `"${name}"`), ...steps.map((name) => `Input "${name}"`)];
  if (where === undefined) return undefined;
  return {
    message: `${where} holds the API key (the same text as ${keySource}).`,
    hint: 'Give it its own value; the key belongs only in the key variable, from a secret. If the key was shown anywhere, rotate it.',
  };
}

function inputProblem(error: unknown): ManifestProblem {
  if (error instanceof InputError) return { message: error.message, hint: error.hint };
  throw error;
}

/** The step-wide inputs beside a manifest: the run's settings, and a problem for each agent input given. */
function readStepInputs(
  source: InputSource,
  registry: readonly ProviderAdapter[],
  problems: ManifestProblem[],
): { settings: Settings; run: RunSettings } {
  for (const name of agentInputNames(registry)) {
    if (source.input(name) !== '')
      problems.push({
        message: `Input "${name}" cannot be used together with manifest.`,
        hint: `Set ${name} on each manifest entry, or remove manifest to publish one agent.`,
      });
  }
  const settingErrors: InputError[] = [];
  const run = readRunSettings(source, settingErrors);
  const settings = Object.freeze(readSettings(source, run, settingErrors));
  problems.push(...settingErrors.map(inputProblem));
  return { run, settings };
}

/** Every entry checked on its own, unless there are too many to check. */
function checkEntries(entries: readonly ManifestEntry[], context: Context): CheckedEntry[] {
  if (entries.length > MAX_ENTRIES) {
    context.problems.push({
      message: `lists ${entries.length} agents; at most ${MAX_ENTRIES} are allowed.`,
      hint: 'Split the manifest over several steps or jobs.',
    });
    return [];
  }
  return entries.flatMap((entry) => readEntry(entry, context) ?? []);
}

function requestOf(
  entry: KeyedEntry,
  settings: Settings,
  registry: readonly ProviderAdapter[],
): PublishRequest {
  const name = entry.values.get('name');
  return Object.freeze({
    ...entry.agent,
    apiKey: entry.apiKey,
    apiKeyEnv: entry.apiKeyEnv,
    settings,
    ...(name === undefined ? {} : { name }),
    inputs: Object.freeze({
      ...givenValues((key) => entry.values.get(key) ?? '', registry),
      provider: entry.agent.adapter.name,
    }),
  });
}

/** The agents of a manifest, every one checked, with the step-wide settings; throws a ManifestError listing every problem. */
export function readManifest(
  parsed: ParsedManifest,
  source: InputSource,
  trigger: Trigger,
  registry: readonly ProviderAdapter[],
): ParsedInputs {
  const problems: ManifestProblem[] = [];
  const { settings, run } = readStepInputs(source, registry, problems);
  problems.push(...parsed.problems);
  const { entries } = parsed;
  if (parsed.problems.length === 0 && entries.length === 0)
    problems.push({
      message: 'lists no agents.',
      hint: 'Add one list item per agent, each with provider and agent-id.',
    });
  const context: Context = {
    registry,
    trigger,
    keys: [...agentInputNames(registry), 'name', 'api-key-env'],
    problems,
    warnings: [],
  };
  const checked = checkEntries(entries, context);
  problems.push(...duplicateProblems(checked));
  problems.push(...sharedRouteProblems(checked.map(({ agent, at, lineOf }) => ({ ...agent, at, lineOf }))));
  const keyed = readKeys(checked, source, problems);
  if (problems.length > 0) throw new ManifestError(problems, parsed.file);
  return Object.freeze({
    requests: Object.freeze(keyed.map((entry) => requestOf(entry, settings, registry))),
    warnings: Object.freeze(context.warnings),
    run,
    manifest: true,
  });
}
