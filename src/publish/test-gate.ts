// The test gate: after the plan, before any write, the platform's own tests run on the candidate. Their
// start is a write that costs money, so it goes through the safe-write loop: a lost answer is settled by
// listing the runs, never by starting a second one. The run is then read with a growing pause until it
// finishes or deadline-seconds runs out; the verdict (test-verdict.ts) decides whether the release goes on.
import type { PublishRequest } from '../inputs/index.ts';
import type { AdapterContext, Plan } from '../providers/types.ts';
import type { TestCapability, TestRunPlan, TestRunState } from '../providers/test-capability.ts';
import { safeWrite } from './safe-write.ts';
import { verdictOf, type TestGateReport } from './test-verdict.ts';
import type { Deadline } from '../timing.ts';
import { agentLabel } from '../inputs/agent-label.ts';

export type { TestGateReport };

/** The first pause between two reads of a run, and the longest: runs are conversations judged by an LLM. */
const FIRST_POLL_MS = 1000;
const MAX_POLL_MS = 15_000;
const MAX_RESERVE_MS = 60_000;

/**
 * Runs the gate the target asks for, when the step would change something (a publish or a route);
 * undefined when there is no gate to run. The verdict is in the report; see gateFailure.
 */
export async function runTestGate(
  request: PublishRequest,
  context: AdapterContext,
  plan: Plan,
  changes: boolean,
): Promise<TestGateReport | undefined> {
  const gate = request.target.tests;
  const capability = request.adapter.tests;
  if (gate === undefined || capability === undefined || !changes) return undefined;
  const label = agentLabel(request);
  if (request.settings.planOnly === true) {
    context.log.info(`${label}: plan-only: the tests run in the agent's own job, not here`);
    return undefined;
  }
  const { deadline } = request.settings;
  const started = deadline.clock.now();
  const run = await capability.prepare(context, plan, gate.tests);
  context.log.info(`${label}: running ${run.count} test(s) on ${run.candidate}`);
  const runId = await startOnce(capability, context, run, label);
  const state = await waitForRun(capability, context, runId, deadline, label);
  const seconds = Math.round((deadline.clock.now() - started) / 100) / 10;
  return verdictOf({ candidate: run.candidate, runId, minPassRate: gate.minPassRate, state, seconds });
}

/**
 * When the gate stops waiting, on the step's clock: a fifth of the time left (at most a minute) stays for
 * the release's own requests, so that passing tests are not followed by a publish the deadline cuts short.
 */
function gateDeadline(deadline: Deadline): number {
  const left = deadline.remainingMs();
  return deadline.clock.now() + left - Math.min(MAX_RESERVE_MS, left / 5);
}

/** Starts the run once: after a lost answer, the run listed since the plan is this step's. */
async function startOnce(
  capability: TestCapability,
  context: AdapterContext,
  run: TestRunPlan,
  label: string,
): Promise<string> {
  let found: string | undefined;
  const settled = await safeWrite({
    what: `${label}: starting the tests`,
    http: context.http,
    log: context.log,
    send: () => capability.start(context, run),
    reread: () => capability.startedSince(context, run),
    landed: (ids: readonly string[]) => {
      if (ids.length === 0) return 'not-landed';
      if (ids.length > 1) return { changed: `${ids.length} new test runs (${ids.join(', ')}), not one` };
      found = ids[0];
      return 'landed';
    },
  });
  const runId = settled.kind === 'sent' ? settled.result : found;
  if (runId === undefined)
    throw new Error('the test run was found on reading again, but its id was not kept');
  return runId;
}

/** Reads the run until it finishes, or until the next read would come after the deadline. */
async function waitForRun(
  capability: TestCapability,
  context: AdapterContext,
  runId: string,
  deadline: Deadline,
  label: string,
): Promise<TestRunState> {
  const { clock } = deadline;
  const stopMs = gateDeadline(deadline);
  for (let poll = 0; ; poll++) {
    const state = await capability.read(context, runId);
    if (state.finished) return state;
    const waitMs = Math.min(MAX_POLL_MS, FIRST_POLL_MS * 1.5 ** poll);
    if (clock.now() + waitMs >= stopMs) return state;
    const pending = state.results.filter((result) => result.outcome === 'pending').length;
    context.log.info(
      `${label}: ${pending} of ${state.results.length} test(s) still running (run ${runId}); reading again in ${(waitMs / 1000).toFixed(1)} s`,
    );
    await clock.sleep(waitMs);
  }
}
