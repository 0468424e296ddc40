// What every end-to-end test file needs: one emulator, every request checked against the provider's
// OpenAPI description after each test, and the action run against the emulator with a provider's key.
import { KEYS, type ProviderName } from '../emulator/seed.ts';
import { runAction as bundleRun, type ActionRun } from './run-action.ts';
import { useEmulator } from './use-emulator.ts';
import { validateEveryRequest } from './validate-requests.ts';

/** How a test runs the action: runAction (the bundle, a child process) or runInProcess. */
export type RunAction = (inputs: Record<string, string>, env?: Record<string, string>) => Promise<ActionRun>;

export function useEndToEnd(runAction: RunAction = bundleRun) {
  const emulator = useEmulator();
  validateEveryRequest(emulator);

  return {
    emulator,
    /** The action for one provider agent, pointed at the emulator with the provider's demo key. */
    run: (provider: ProviderName, inputs: Record<string, string>, env: Record<string, string> = {}) =>
      runAction(
        { provider, 'api-key': KEYS[provider], 'base-url': emulator.baseUrls[provider], ...inputs },
        env,
      ),
    /** The requests sent, as "METHOD path?query". */
    sent: () => emulator.requests.map((request) => `${request.method} ${request.rawPath}`),
    writes: () => emulator.requests.filter((request) => request.method !== 'GET'),
    /** How many times the action sent `method` to the path (or to the paths the pattern matches). */
    attempts: (method: string, path: string | RegExp) =>
      emulator.requests.filter(
        (request) =>
          request.method === method &&
          (typeof path === 'string' ? request.path === path : path.test(request.path)),
      ).length,
  };
}
