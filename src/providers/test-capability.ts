// The platform's own tests, run on the candidate before a release moves any call (an optional capability
// of an adapter: providers without a test API leave it out and the `tests` input is refused for them).
// The gate itself (order, polling, pass rate) is generic: src/publish/test-gate.ts.
import type { AdapterContext, Plan, WriteRequest } from './types.ts';

/** The `tests` and `min-pass-rate` inputs of one agent. */
export interface TestGateRequest {
  /** 'attached': the tests attached to the agent on the platform; else the test ids listed. */
  readonly tests: 'attached' | readonly string[];
  /** The share of tests that must pass, 0–100. */
  readonly minPassRate: number;
}

/** pending: not finished yet; error and cancelled: finished without a verdict. */
export type TestOutcome = 'passed' | 'failed' | 'error' | 'cancelled' | 'pending';

export interface TestResult {
  /** The platform's id of the test (ElevenLabs test id, Retell test case definition id). */
  readonly id: string;
  readonly name: string;
  readonly outcome: TestOutcome;
  /** Why the platform's judge decided so, as it wrote it. */
  readonly rationale?: string;
}

/** One read of a run: finished once no test is pending any more. */
export interface TestRunState {
  readonly finished: boolean;
  readonly results: readonly TestResult[];
}

/** What a gate runs, decided by reads before anything is started. */
export interface TestRunPlan {
  /** The candidate the tests run on, in words: "branch main with its uncommitted changes". */
  readonly candidate: string;
  /** The write that starts the run: it costs money, so it is sent through the safe-write loop. */
  readonly start: WriteRequest;
  /** The runs the platform listed before the start: a new one after a lost answer is this step's. */
  readonly runsBefore: readonly string[];
  /** How many tests the run has. */
  readonly count: number;
}

export interface TestCapability {
  /** Whether `tests: attached` means something here (the platform attaches tests to an agent). */
  readonly attached: boolean;
  /** Reads the candidate the plan releases and the tests to run on it; sends nothing. */
  prepare(context: AdapterContext, plan: Plan, tests: TestGateRequest['tests']): Promise<TestRunPlan>;
  /** Sends the start; returns the run's id. */
  start(context: AdapterContext, run: TestRunPlan): Promise<string>;
  /** The runs listed now that were not in `run.runsBefore`: after a lost answer, the one this step started. */
  startedSince(context: AdapterContext, run: TestRunPlan): Promise<readonly string[]>;
  /** Reads the run's state. */
  read(context: AdapterContext, runId: string): Promise<TestRunState>;
}
