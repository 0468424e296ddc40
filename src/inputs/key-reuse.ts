// A key pasted into another input by mistake: it would be sent where that input goes (an environment
// name goes to GitHub, a description to the provider) and printed where that input is shown. Refused
// before any request; the error names the input and never quotes its value.
import { InputError } from '../errors.ts';
import type { ProviderAdapter } from '../providers/types.ts';
import { agentInputNames } from './agent.ts';

/** The step's own inputs besides the agent's (src/inputs/index.ts reads them); api-key is where the key belongs. */
export const STEP_INPUTS = [
  'manifest',
  'on-unchanged',
  'verify',
  'dry-run',
  'timeout-seconds',
  'max-retries',
  'deadline-seconds',
  'environment',
  'github-token',
  'concurrency',
  'fail-fast',
  'plan-only',
] as const;

/** Every input other than api-key, by name. */
export function inputsBesidesKey(registry: readonly ProviderAdapter[]): string[] {
  return [...agentInputNames(registry), ...STEP_INPUTS];
}

/** The names among `names` whose value holds `key`. */
export function inputsHoldingKey(
  key: string,
  names: readonly string[],
  value: (name: string) => string,
): string[] {
  if (key === '') return [];
  return names.filter((name) => value(name).includes(key));
}

export function keyPastedError(input: string, keySource: string): InputError {
  return new InputError(
    input,
    `holds the API key (the same text as ${keySource})`,
    `Give ${input} its own value; the key belongs only in ${keySource}, from a secret. If the key was shown anywhere, rotate it.`,
  );
}
