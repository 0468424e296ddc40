// What the manifest tests need, bundle (test/e2e/) or in-process (test/inprocess/): an emulator that
// answers each request after 20 ms (so that agents in progress overlap), every request checked against
// the OpenAPI files, manifest entries of the seeded fleet, and the action run on a manifest.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { FLEET, KEYS, PROVIDERS, type ProviderName } from '../emulator/seed.ts';
import type { RunAction } from './e2e.ts';
import { useEmulator } from './use-emulator.ts';
import { validateEveryRequest } from './validate-requests.ts';

export type Entry = Record<string, string>;

/** The fleet providers' keys, in the variables the action reads when no api-key is given. */
export const ENV_KEYS: Entry = {
  TALKOVER_API_KEY: KEYS.talkover,
  RETELL_API_KEY: KEYS.retell,
  DIGA_API_KEY: KEYS.diga,
  LANGDOCK_API_KEY: KEYS.langdock,
};

/** The providers of the fleet manifests; each provider's own tests cover its manifests. */
export const FLEET_PROVIDERS = PROVIDERS.filter((provider) => provider !== 'elevenlabs');

export function useManifestRuns(runAction: RunAction) {
  const emulator = useEmulator({ latencyMs: 20 });
  validateEveryRequest(emulator);
  const entry = (provider: ProviderName, agentId: string, more: Entry = {}): Entry => ({
    provider,
    'agent-id': agentId,
    'base-url': emulator.baseUrls[provider],
    ...more,
  });
  return {
    emulator,
    entry,
    /** `count` fleet agents of every provider, providers in turn, named `<provider>-<n>`. */
    fleet: (count: number): Entry[] =>
      Array.from({ length: count }, (_, i) =>
        FLEET_PROVIDERS.map((provider) =>
          entry(provider, FLEET[provider][i] ?? '', { name: `${provider}-${i + 1}` }),
        ),
      ).flat(),
    runManifest: (manifest: string, inputs: Entry = {}, env: Entry = ENV_KEYS) =>
      runAction({ manifest, ...inputs }, env),
  };
}

/** A scratch GITHUB_WORKSPACE with a release/ folder, for the tests of one describe block. */
export function useWorkspace(): { readonly dir: string } {
  const workspace = { dir: '' };
  beforeAll(async () => {
    workspace.dir = await mkdtemp(path.join(tmpdir(), 'publish-agent-workspace-'));
    await mkdir(path.join(workspace.dir, 'release'));
  });
  afterAll(async () => {
    await rm(workspace.dir, { recursive: true, force: true });
  });
  return workspace;
}
