// One agent's publish request for tests that run publishAgent with a fake adapter: agent a1, no network
// (the base URL is a closed port), verify on, and a deadline that never comes unless `settings` sets one;
// and what every fake adapter declares besides its steps.
import type { PublishRequest, Settings } from '../../src/inputs/index.ts';
import type { ProviderAdapter } from '../../src/providers/types.ts';
import { Deadline, processClock } from '../../src/timing.ts';

export function fakeRequest(adapter: ProviderAdapter, settings: Partial<Settings> = {}): PublishRequest {
  return {
    adapter,
    target: { agentId: 'a1', operation: 'publish', version: undefined, description: '', extras: {} },
    apiKey: 'fake-key-123456',
    baseUrl: 'http://127.0.0.1:9',
    settings: {
      onUnchanged: 'succeed',
      verify: true,
      dryRun: false,
      timeoutMs: 30_000,
      maxRetries: 3,
      deadline: new Deadline(Number.MAX_SAFE_INTEGER, processClock),
      deployment: undefined,
      ...settings,
    },
    inputs: {},
    apiKeyEnv: 'FAKE_API_KEY',
  };
}

/** A fake adapter's name, inputs and limits: spread into one that adds its steps. */
export const FAKE_ADAPTER = {
  name: 'fake',
  displayName: 'Fake',
  defaultBaseUrl: 'http://127.0.0.1:9',
  apiKeyEnv: 'FAKE_API_KEY',
  keyHelp: 'any',
  maxConcurrency: 1,
  agentId: { parse: (raw: string) => raw, expected: 'any' },
  operations: ['publish'],
  extraInputs: [],
  hints: {},
} satisfies Omit<ProviderAdapter, 'plan' | 'apply' | 'verify'>;
