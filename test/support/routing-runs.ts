// What the Retell phone-number routing tests need, bundle (test/e2e/) or in-process (test/inprocess/):
// the emulators, and the action run for the agent with a draft and its pinned number.
import { GITHUB_TOKEN } from '../emulator/github.ts';
import { RETELL, RETELL_PHONES } from '../emulator/seed.ts';
import { useEndToEnd, type RunAction } from './e2e.ts';
import { useGitHubEmulator } from './use-emulator.ts';

export const AGENT = RETELL.withDraft;
export const PINNED = RETELL_PHONES.pinned;
/** Inputs that record the step as a GitHub deployment (where a rollback finds what was live). */
export const withEnvironment = { environment: 'retell-production', 'github-token': GITHUB_TOKEN };

export function useRoutingRuns(runAction?: RunAction) {
  const e2e = useEndToEnd(runAction);
  const github = useGitHubEmulator();
  return {
    ...e2e,
    github,
    /** The inbound list of a number, as the emulator holds it. */
    inbound: (number: string) => e2e.emulator.state.retell.phoneNumbers.get(number)?.inbound_agents,
    /** The action on AGENT with its pinned number, and `inputs`. */
    routing: (inputs: Record<string, string>, env: Record<string, string> = {}) =>
      e2e.run('retell', { 'agent-id': AGENT, 'phone-numbers': PINNED, ...inputs }, env),
  };
}
