// The test gate's pure parts: the inputs (refused before any request where a provider has no test API),
// the manifest's entries, the verdict, the summary table and the JUnit XML.
import { describe, expect, it } from 'vitest';
import { InputError, InputErrors, ManifestError } from '../../src/errors.ts';
import { readInputs, type InputSource } from '../../src/inputs/index.ts';
import { readManifest } from '../../src/manifest/validate.ts';
import { parseManifest } from '../../src/manifest/parse.ts';
import { providers } from '../../src/providers/index.ts';
import type { TestResult } from '../../src/providers/test-capability.ts';
import { junitXml } from '../../src/action/junit.ts';
import { testsSection } from '../../src/action/summary-tests.ts';
import type { AgentReport } from '../../src/publish/report.ts';
import { gateFailure, verdictOf, type TestGateReport } from '../../src/publish/test-verdict.ts';
import { TAG_PUSH } from '../support/trigger.ts';
import { virtualClock } from '../support/virtual-clock.ts';

const KEY = 'k3y_5ecret-value';
const UUID = '550e8400-e29b-41d4-a716-446655440000';

function source(inputs: Record<string, string>): InputSource {
  return { input: (name) => (inputs[name] ?? '').trim(), env: () => undefined, clock: virtualClock() };
}

function parse(inputs: Record<string, string>) {
  return readInputs(source({ 'api-key': KEY, ...inputs }), TAG_PUSH, providers);
}

function errorOf(inputs: Record<string, string>): string {
  try {
    parse(inputs);
  } catch (error) {
    if (error instanceof InputError || error instanceof InputErrors) return error.message;
    throw error;
  }
  throw new Error('expected an input error');
}

const retell = { provider: 'retell', 'agent-id': 'agent_abc123' };
const eleven = { provider: 'elevenlabs', 'agent-id': 'agent_0001withdraftmain00000000' };

describe('the tests and min-pass-rate inputs', () => {
  it('reads a comma or newline separated list, duplicates dropped, and the default rate of 100', () => {
    const [request] = parse({ ...retell, tests: 'tcd_a, tcd_b\ntcd_a\n' }).requests;
    expect(request?.target.tests).toEqual({ tests: ['tcd_a', 'tcd_b'], minPassRate: 100 });
  });

  it('reads attached where the platform attaches tests, and a rate with decimals', () => {
    const [request] = parse({ ...eleven, tests: 'Attached', 'min-pass-rate': '87.5' }).requests;
    expect(request?.target.tests).toEqual({ tests: 'attached', minPassRate: 87.5 });
  });

  it('runs no gate when tests is empty, and warns about a lonely min-pass-rate', () => {
    const parsed = parse({ ...retell, 'min-pass-rate': '50' });
    expect(parsed.requests[0]?.target.tests).toBeUndefined();
    expect(parsed.warnings).toEqual([
      'Input "min-pass-rate" is ignored: tests is empty, so no test gate runs.',
    ]);
  });

  it.each([
    ['diga', UUID, 'Diga'],
    ['langdock', UUID, 'Langdock'],
  ])('refuses tests for %s with the reason, before any request', (provider, agentId, name) => {
    expect(errorOf({ provider, 'agent-id': agentId, tests: 'x1' })).toBe(
      `Input "tests" is not supported for ${name}: it has no API to run an agent's tests.`,
    );
  });

  it('refuses attached where the platform has no attached tests', () => {
    expect(errorOf({ ...retell, tests: 'attached' })).toBe(
      'Input "tests" is "attached", but Retell attaches no tests to an agent.',
    );
  });

  it.each([
    ['min-pass-rate', '101', 'must be a number from 0 to 100 (got "101")'],
    ['min-pass-rate', '-5', 'must be a number from 0 to 100 (got "-5")'],
    ['tests', 'a b', 'contains a value that is not a test id (got "a b")'],
    ['tests', ',\n,', 'lists no test'],
  ])('refuses %s: %j', (input, value, problem) => {
    expect(errorOf({ ...retell, tests: 'tcd_a', [input]: value })).toContain(`Input "${input}" ${problem}`);
  });

  it('reports a bad rate together with the other bad inputs', () => {
    expect(errorOf({ ...retell, tests: 'attached', 'min-pass-rate': 'all' })).toMatch(
      /^2 inputs are wrong; nothing was sent:\n- Input "tests" is "attached"/,
    );
  });

  it('ignores tests for a rollback, with a warning', () => {
    const parsed = parse({
      ...retell,
      tests: 'tcd_a',
      operation: 'rollback',
      version: '1',
      'phone-numbers': '+14155550100',
    });
    expect(parsed.requests[0]?.target.tests).toBeUndefined();
    expect(parsed.warnings).toContain(
      'Input "tests" is ignored: the test gate runs before a publish, not a rollback.',
    );
  });
});

describe('manifest entries', () => {
  const read = (text: string) =>
    readManifest(
      parseManifest(text),
      { input: () => '', env: () => 'key_0123456789', clock: virtualClock() },
      TAG_PUSH,
      providers,
    );

  it('accept tests and min-pass-rate', () => {
    const parsed = read(
      '- provider: retell\n  agent-id: agent_abc123\n  tests: tcd_a, tcd_b\n  min-pass-rate: 50\n',
    );
    expect(parsed.requests[0]?.target.tests).toEqual({ tests: ['tcd_a', 'tcd_b'], minPassRate: 50 });
  });

  it('refuse tests for a provider without a test API, naming the entry', () => {
    expect(() => read(`- provider: diga\n  agent-id: ${UUID}\n  tests: x1\n`)).toThrow(ManifestError);
    expect(() => read(`- provider: diga\n  agent-id: ${UUID}\n  tests: x1\n`)).toThrow(
      /"tests" is not supported for Diga: it has no API to run an agent's tests/,
    );
  });
});

const results: TestResult[] = [
  { id: 't1', name: 'Greets', outcome: 'passed', rationale: 'Fine.' },
  { id: 't2', name: 'Refund <policy>', outcome: 'failed', rationale: 'Said 90 days | not 30.' },
];

function gate(list: readonly TestResult[], minPassRate = 100) {
  return verdictOf({
    candidate: 'version 3',
    runId: 'run_1',
    minPassRate,
    state: { finished: true, results: list },
    seconds: 4.2,
  });
}

describe('the verdict', () => {
  it('fails below the threshold and passes at it', () => {
    expect(gate(results)).toMatchObject({ verdict: 'failed', passRate: 50, passed: 1, failed: 1, total: 2 });
    expect(gate(results, 50).verdict).toBe('passed');
  });

  it('is unfinished when a test errored, whatever the rate', () => {
    const errored = gate([...results, { id: 't3', name: 'Transfer', outcome: 'error' }], 0);
    expect(errored.verdict).toBe('unfinished');
    expect(gateFailure(errored, 'Agent a', false)?.message).toBe(
      'Agent a: 1 of 3 test(s) on version 3 did not finish (run run_1), so nothing was published and no call moved: Transfer (error).',
    );
  });

  it('names each failed test with its rationale', () => {
    expect(gateFailure(gate(results), 'Agent a', false)?.message).toBe(
      'Agent a: 1 of 2 test(s) failed on version 3 (pass rate 50 %, at least 100 % required), so nothing was published and no call moved: Refund <policy> (failed): Said 90 days | not 30.',
    );
    expect(gateFailure(gate(results, 50), 'Agent a', false)).toBeUndefined();
  });

  it('says, on a dry run, that a real run would change nothing, and how to give tests more time', () => {
    expect(gateFailure(gate(results), 'Agent a', true)?.message).toContain(
      '(pass rate 50 %, at least 100 % required), so a real run would change nothing: Refund <policy> (failed)',
    );
    const pending = gate([{ id: 't3', name: 'Transfer', outcome: 'pending' }], 0);
    const failure = gateFailure(pending, 'Agent a', false);
    expect(failure?.message).toBe(
      'Agent a: 1 of 1 test(s) on version 3 did not finish (run run_1), so nothing was published and no call moved: Transfer (did not finish in time).',
    );
    expect(failure?.hint).toContain('raise deadline-seconds');
  });
});

const report = (tests: TestGateReport | null = gate(results)): AgentReport => ({
  provider: 'p',
  providerName: 'Platform',
  agentId: 'agent_1',
  operation: 'publish',
  status: 'failed',
  description: '',
  ...(tests === null ? {} : { tests }),
});

describe('the summary table and the JUnit file', () => {
  it('show each test, escaped', () => {
    expect(testsSection(report(), false)).toBe(
      [
        '**Tests** on version 3 (run `run\\_1`)  ',
        '1 passed, 1 failed of 2 · pass rate 50 % (at least 100 % required) · 4.2 s',
        '',
        '| Test | Result | Rationale |',
        '| --- | --- | --- |',
        '| Greets | ✅ passed | Fine. |',
        '| Refund &lt;policy&gt; | ❌ failed | Said 90 days \\| not 30. |',
      ].join('\n'),
    );
  });

  it('JUnit: a testsuite per agent, a failure per failed test, escaped', () => {
    const xml = junitXml([report(), report(null)]) ?? '';
    expect(xml).toContain('<testsuite name="Platform agent_1" tests="2" failures="1" errors="0" time="4.2">');
    expect(xml).toContain(
      '<testcase classname="Platform agent_1" name="Refund &lt;policy&gt;"><failure message="Said 90 days | not 30.">',
    );
    expect(junitXml([report(null)])).toBeUndefined();
  });
});
