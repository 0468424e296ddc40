// A failure as publishAgent reports it, for tests of what renders reports (summary, outputs, records).
import { agentFailure, type AgentFailure, type FailureFields } from '../../src/publish/failure.ts';

export function failureOf(cause: string, hint: string, more: Partial<FailureFields> = {}): AgentFailure {
  return agentFailure({
    provider: 'Retell',
    agent: 'agent_1',
    operation: 'publish',
    step: 'plan',
    cause,
    hint,
    ...more,
  });
}
