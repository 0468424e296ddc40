// What the deployment-record tests need, bundle (test/e2e/) or in-process (test/inprocess/): the provider
// and GitHub emulators, and the action run for one agent with `environment` set, recording in GitHub's.
import { expect } from 'vitest';
import { GITHUB_REPOSITORY } from '../emulator/github.ts';
import { KEYS, type ProviderName } from '../emulator/seed.ts';
import type { RunAction } from './e2e.ts';
import { useEmulator, useGitHubEmulator } from './use-emulator.ts';

export const ENVIRONMENT = 'retell-production';
export const DEPLOYMENTS = `/repos/${GITHUB_REPOSITORY}/deployments`;

/** The `::warning::` lines of a run. */
export function warnings(stdout: string): string[] {
  return stdout.split('\n').filter((line) => line.startsWith('::warning'));
}

export function useDeploymentRuns(runAction: RunAction) {
  const providers = useEmulator();
  const github = useGitHubEmulator();
  return {
    providers,
    github,
    /** The action for one agent, recording in environment ENVIRONMENT of the GitHub emulator. */
    run: (provider: ProviderName, inputs: Record<string, string>, env: Record<string, string> = {}) =>
      runAction(
        {
          provider,
          'api-key': KEYS[provider],
          'base-url': providers.baseUrls[provider],
          environment: ENVIRONMENT,
          ...inputs,
        },
        { GITHUB_API_URL: github.origin, ...env },
      ),
    /** The requests GitHub received, as "METHOD path". */
    sent: () => github.requests.map((request) => `${request.method} ${request.path}`),
    /** The one deployment GitHub holds (fails the test unless there is exactly one). */
    onlyDeployment: () => {
      const deployments = [...github.deployments.values()];
      expect(deployments).toHaveLength(1);
      const [deployment] = deployments;
      if (deployment === undefined) throw new Error('no deployment');
      return deployment;
    },
  };
}
