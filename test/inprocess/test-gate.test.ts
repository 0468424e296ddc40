// The test gate end to end: the platform's tests run on the candidate after the plan and before any write;
// a failing test stops the release with nothing changed, a passing set publishes, pending runs are waited
// for within deadline-seconds, and a start whose answer is lost never starts a second run.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ELEVENLABS, RETELL, RETELL_PHONES, elevenLabsBranchId } from '../emulator/seed.ts';
import { junitXml } from '../../src/action/junit.ts';
import { testsSection } from '../../src/action/summary-tests.ts';
import type { AgentReport } from '../../src/publish/report.ts';
import { useInProcess } from '../support/in-process.ts';
import { doubts, resultError } from '../support/outcome.ts';
import type { ActionRun } from '../support/run-action.ts';

const { emulator, run, writes } = useInProcess();
const elevenTests = () => emulator.state.elevenlabs.testing;
const retellTests = () => emulator.state.retell.testing;
const id = ELEVENLABS.withDraft;
const RUN_TESTS = `/v1/convai/agents/${id}/run-tests`;

const reportOf = (result: ActionRun) => result.result as unknown as AgentReport;

/** The summary shows the gate's report as src/action/summary-tests.ts renders it. */
function expectTestsShown(result: ActionRun): void {
  const section = testsSection(reportOf(result), false);
  expect(section).toBeDefined();
  expect(result.summary).toContain(section);
}

function script(tests: ReturnType<typeof elevenTests>['tests'], testId: string, change: object): void {
  const test = tests.get(testId);
  if (test === undefined) throw new Error(`no test ${testId}`);
  Object.assign(test, change);
}

describe('ElevenLabs: tests attached to the agent', () => {
  it('a failing test stops the release before any write, with its rationale in the summary and the JUnit file', async () => {
    script(elevenTests().tests, 'test_refund', {
      outcome: 'fail',
      rationale: 'The agent promised a 90-day refund; the policy is 30 days.',
    });
    // The runner's temporary directory outlives the step; the harness removes its own.
    const runnerTemp = await mkdtemp(path.join(tmpdir(), 'runner-temp-'));
    const result = await run(
      'elevenlabs',
      { 'agent-id': id, tests: 'attached' },
      { RUNNER_TEMP: runnerTemp },
    );
    expect(result.exitCode).toBe(1);
    expect(writes().map((request) => request.path)).toEqual([RUN_TESTS]);
    expect(writes()[0]?.json).toEqual({
      tests: [{ test_id: 'test_greeting' }, { test_id: 'test_refund' }],
      branch_id: elevenLabsBranchId(id, 'main'),
    });
    expect(emulator.state.elevenlabs.agents.get(id)?.branches[0]?.draft).toBe(true);
    // The failed test and its rationale are the cause; the summary shows the gate's report.
    const error = resultError(result);
    expect(error).toMatchObject({ provider: 'ElevenLabs', agent: id });
    expect(error.cause).toContain('Explains the refund policy');
    expect(error.cause).toContain('The agent promised a 90-day refund; the policy is 30 days.');
    expectTestsShown(result);
    const tests = JSON.parse(result.outputs.tests ?? '') as { verdict: string; failed: number };
    expect(tests).toMatchObject({ verdict: 'failed', failed: 1, passed: 1, total: 2 });
    const report = result.outputs['tests-report'] ?? '';
    expect(report.startsWith(runnerTemp)).toBe(true);
    const junit = await readFile(report, 'utf8');
    await rm(runnerTemp, { recursive: true, force: true });
    // The file holds the gate's report as src/action/junit.ts writes it.
    expect(junit).toBe(junitXml([reportOf(result)]));
    expect(junit).toContain('The agent promised a 90-day refund; the policy is 30 days.');
  });

  it('a passing set publishes: the tests run first, then the commit', async () => {
    const result = await run('elevenlabs', { 'agent-id': id, tests: 'test_greeting, test_booking' });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.outputs.status).toBe('published');
    expect(writes().map((request) => `${request.method} ${request.path}`)).toEqual([
      `POST ${RUN_TESTS}`,
      `PATCH /v1/convai/agents/${id}`,
    ]);
    expect(JSON.parse(result.outputs.tests ?? '')).toMatchObject({ verdict: 'passed', passed: 2, total: 2 });
    expectTestsShown(result);
  });

  it('min-pass-rate lets a release through with some tests failing', async () => {
    script(elevenTests().tests, 'test_refund', { outcome: 'fail', rationale: 'Wrong policy.' });
    const result = await run('elevenlabs', { 'agent-id': id, tests: 'attached', 'min-pass-rate': '50' });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.outputs.status).toBe('published');
  });

  it('waits for tests pending for two reads, within the deadline', async () => {
    script(elevenTests().tests, 'test_greeting', { pendingPolls: 2 });
    const result = await run('elevenlabs', { 'agent-id': id, tests: 'attached' });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(elevenTests().invocations).toHaveLength(1);
    expect(elevenTests().invocations[0]?.polls).toBe(3);
    // A wait before each read again.
    expect(result.waits).toHaveLength(2);
  });

  it('a run that does not finish within deadline-seconds fails with nothing changed, naming the test', async () => {
    script(elevenTests().tests, 'test_refund', { pendingPolls: 1000 });
    const result = await run('elevenlabs', { 'agent-id': id, tests: 'attached', 'deadline-seconds': '4' });
    expect(result.exitCode).toBe(1);
    expect(writes().map((request) => request.path)).toEqual([RUN_TESTS]);
    // The run and the test that did not finish are named; the hint names the input that gives more time.
    const error = resultError(result);
    expect(error.cause).toContain('suiteinv_0001');
    expect(error.cause).toContain('Explains the refund policy');
    expect(error.cause).not.toContain('Greets the caller');
    expect(error.hint).toContain('deadline-seconds');
    expect(JSON.parse(result.outputs.tests ?? '')).toMatchObject({ verdict: 'unfinished' });
  });

  it('a start whose answer is lost is found in the invocations list: one run, then the publish', async () => {
    emulator.disruptNext({
      provider: 'elevenlabs',
      method: 'POST',
      path: RUN_TESTS,
      disruption: 'lost-response',
    });
    const result = await run('elevenlabs', { 'agent-id': id, tests: 'attached' });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(elevenTests().invocations).toHaveLength(1);
    expect(writes().filter((request) => request.path === RUN_TESTS)).toHaveLength(1);
    // The doubt is a warning; the invocations list showed the run started.
    expect(doubts(result, `POST ${RUN_TESTS}`)).toHaveLength(1);
    expect(result.outputs.status).toBe('published');
  });

  it('a dry run runs the tests and reports the failure a real run would stop at, changing nothing', async () => {
    script(elevenTests().tests, 'test_greeting', { outcome: 'fail', rationale: 'No greeting.' });
    const result = await run('elevenlabs', { 'agent-id': id, tests: 'attached', 'dry-run': 'true' });
    expect(result.exitCode).toBe(1);
    expect(writes().map((request) => request.path)).toEqual([RUN_TESTS]);
    const { cause } = resultError(result);
    expect(cause).toContain('Greets the caller by name');
    expect(cause).toContain('No greeting');
    expect(JSON.parse(result.outputs.tests ?? '')).toMatchObject({ verdict: 'failed' });
  });

  it('a dry run with passing tests reports the write it would send', async () => {
    const result = await run('elevenlabs', { 'agent-id': id, tests: 'attached', 'dry-run': 'true' });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.outputs.status).toBe('dry-run');
    expect(writes().map((request) => request.path)).toEqual([RUN_TESTS]);
    expect(JSON.parse(result.outputs.tests ?? '')).toMatchObject({ verdict: 'passed', total: 2 });
  });

  it('plan-only starts no run: each matrix job runs its own gate', async () => {
    const result = await run('elevenlabs', { 'agent-id': id, tests: 'attached', 'plan-only': 'true' });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(writes()).toEqual([]);
    expect(result.outputs.matrix).toContain('"tests":"attached"');
  });

  it('runs no tests when there is nothing to release', async () => {
    const result = await run('elevenlabs', { 'agent-id': ELEVENLABS.upToDate, tests: 'test_greeting' });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.outputs.status).toBe('unchanged');
    expect(writes()).toEqual([]);
  });
});

describe('Retell: test case definitions on the draft version', () => {
  it('runs the batch on the LLM version behind the draft, then publishes', async () => {
    const result = await run('retell', { 'agent-id': RETELL.withDraft, tests: 'tcd_greeting\ntcd_transfer' });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.outputs.status).toBe('published');
    expect(writes().map((request) => request.path)).toEqual([
      '/create-batch-test',
      `/publish-agent-version/${RETELL.withDraft}`,
    ]);
    expect(writes()[0]?.json).toEqual({
      test_case_definition_ids: ['tcd_greeting', 'tcd_transfer'],
      response_engine: { type: 'retell-llm', llm_id: 'llm_3c9d1e0f2a4b6c8d0e1f2a3b', version: 2 },
    });
  });

  it('an errored test fails the release with nothing changed', async () => {
    script(retellTests().tests, 'tcd_transfer', {
      outcome: 'error',
      rationale: 'The simulation could not start.',
    });
    const result = await run('retell', { 'agent-id': RETELL.withDraft, tests: 'tcd_greeting,tcd_transfer' });
    expect(result.exitCode).toBe(1);
    expect(writes().map((request) => request.path)).toEqual(['/create-batch-test']);
    const { cause } = resultError(result);
    expect(cause).toContain('Transfers to a human on request');
    expect(cause).toContain('The simulation could not start.');
    expect(emulator.state.retell.agents.get(RETELL.withDraft)?.versions[2]?.is_published).toBe(false);
  });

  it('a start whose answer is lost is found in the batch list: one batch', async () => {
    emulator.disruptNext({
      provider: 'retell',
      method: 'POST',
      path: '/create-batch-test',
      disruption: 'lost-response',
    });
    const result = await run('retell', { 'agent-id': RETELL.withDraft, tests: 'tcd_greeting' });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(retellTests().batches).toHaveLength(1);
    expect(result.outputs.status).toBe('published');
  });

  it('a canary promotion runs the gate again, and a failure there leaves the canary as it was', async () => {
    const canary = {
      'agent-id': RETELL.withDraft,
      tests: 'tcd_greeting',
      'phone-numbers': RETELL_PHONES.pinned,
    };
    const first = await run('retell', { ...canary, 'traffic-percent': '10' });
    expect(first.exitCode, first.stdout).toBe(0);
    script(retellTests().tests, 'tcd_greeting', { outcome: 'fail', rationale: 'No greeting.' });
    const promote = await run('retell', { ...canary, 'traffic-percent': '100' });
    expect(promote.exitCode).toBe(1);
    expect(retellTests().batches).toHaveLength(2);
    expect(emulator.state.retell.phoneNumbers.get(RETELL_PHONES.pinned)?.inbound_agents).toEqual([
      { agent_id: RETELL.withDraft, agent_version: 2, weight: 0.1 },
      { agent_id: RETELL.withDraft, agent_version: 1, weight: 0.9 },
    ]);
    const { cause } = resultError(promote);
    expect(cause).toContain('Greets the caller');
    expect(cause).toContain('No greeting');
  });
});
