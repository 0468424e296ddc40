// How every line about one agent names it: "<Provider> agent 42". It lives here, beside the request it
// reads, so that manifest/, publish/ and action/ all build it through this one function.
import type { AgentTarget, ProviderAdapter } from '../providers/types.ts';

interface Labelled {
  readonly adapter: Pick<ProviderAdapter, 'displayName'>;
  readonly target: Pick<AgentTarget, 'agentId'>;
}

export function agentLabel({ adapter, target }: Labelled): string {
  return `${adapter.displayName} agent ${target.agentId}`;
}
