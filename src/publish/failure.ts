// How one agent's failure travels: as fields (provider, agent, operation, step, cause), rendered into
// a sentence once, here. Whoever needs another form of it (a deployment record, which is about the
// agent already) renders the fields again; nothing parses a message back.
import { describeFailure, StateError, type FailureDescription } from '../errors.ts';
import type { PublishRequest } from '../inputs/index.ts';
import type { Operation } from '../providers/types.ts';

/** Where one agent's run was when it failed; unchanged: nothing to do, with on-unchanged: fail. */
export type Step = 'plan' | 'apply' | 'verify' | 'unchanged';

export interface AgentFailure extends FailureDescription {
  /** The provider's display name. */
  readonly provider: string;
  readonly agent: string;
  readonly operation: Operation;
  readonly step: Step;
  /** What went wrong, in the words of whoever found it (a request's answer, a state read, the plan). */
  readonly cause: string;
  /**
   * The step in plain words ("publishing failed"), where the cause does not say enough by itself; a state
   * the provider reported, or the outcome of a write, does.
   */
  readonly stepText?: string;
  /** The whole sentence, rendered once from the fields: what the log, outputs and summary print. */
  readonly message: string;
}

/** What a person calls each step when it fails. */
const STEP_FAILED: Readonly<Record<Exclude<Step, 'unchanged'>, (operation: Operation) => string>> = {
  plan: () => 'reading the agent failed',
  apply: (operation) => (operation === 'rollback' ? 'rolling back failed' : `${operation}ing failed`),
  verify: () => 'checking the result failed',
};

export type FailureFields = Omit<AgentFailure, 'message'>;

/**
 * The failure as one sentence that names the agent once: the agent (unless the cause already names it,
 * as a request's path does, or `withAgent` is false for a record that is about the agent already), the
 * step in plain words where it has them, and the cause.
 */
export function renderFailure(failure: FailureFields, withAgent = true): string {
  const named = failure.step !== 'unchanged' && failure.cause.includes(failure.agent);
  const label = withAgent && !named ? `${failure.provider} agent ${failure.agent}` : '';
  const parts = [label, failure.stepText ?? ''].filter((part) => part !== '');
  if (parts.length === 0) return failure.cause;
  return [...parts, failure.cause].map((part, index) => (index === 0 ? capitalized(part) : part)).join(': ');
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function agentFailure(fields: FailureFields): AgentFailure {
  return { ...fields, message: renderFailure(fields) };
}

function about(request: PublishRequest) {
  return {
    provider: request.adapter.displayName,
    agent: request.target.agentId,
    operation: request.target.operation,
  };
}

/** Anything thrown while the agent was at `step`, as a failure. */
export function failureAt(
  request: PublishRequest,
  step: Exclude<Step, 'unchanged'>,
  error: unknown,
): AgentFailure {
  const { message, hint } = describeFailure(error);
  const stepText = error instanceof StateError ? undefined : STEP_FAILED[step](request.target.operation);
  return agentFailure({
    ...about(request),
    step,
    cause: message,
    hint,
    ...(stepText === undefined ? {} : { stepText }),
  });
}

/** Nothing to do, with on-unchanged: fail. */
export function unchangedFailure(request: PublishRequest, reason: string): AgentFailure {
  return agentFailure({
    ...about(request),
    step: 'unchanged',
    cause: `nothing to ${request.target.operation}: ${reason}.`,
    hint: 'Make the change you meant to release first, or set on-unchanged: succeed to let this pass.',
  });
}
