// Bundle smoke tests: the cases of test/inprocess/routing.test.ts that most depend on the runner (its
// files, the log it reads, a process of its own), run through the bundle as the runner runs it.
// Retell phone numbers through the bundle: a pinned number follows a publish, a canary then its
// promotion, rollbacks (from a canary, from the GitHub deployment history), a number of another agent
// refused with no write, and a PATCH whose answer was lost, read again before any re-send.
import { describe, expect, it } from 'vitest';
import { trafficSection } from '../../src/action/summary-traffic.ts';
import type { AgentReport } from '../../src/publish/report.ts';
import { resultError } from '../support/outcome.ts';
import { AGENT, PINNED, useRoutingRuns, withEnvironment } from '../support/routing-runs.ts';

const { emulator, sent, writes, github, inbound, routing } = useRoutingRuns();

describe('routing phone numbers', () => {
  it('moves a pinned number to the version it publishes, and a re-run sends nothing', async () => {
    const result = await routing({});
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('published');
    expect(sent()).toContain(`PATCH /retell/update-phone-number/${PINNED}`);
    expect(inbound(PINNED)).toEqual([{ agent_id: AGENT, agent_version: 2, weight: 1 }]);
    expect(JSON.parse(result.outputs.traffic ?? '')).toEqual([
      {
        target: PINNED,
        direction: 'inbound',
        before: [{ version: '1', weight: '1' }],
        after: [{ version: '2', weight: '1' }],
      },
    ]);
    const section = trafficSection(result.result as unknown as AgentReport, false);
    expect(section).toBeDefined();
    expect(result.summary).toContain(section);

    emulator.requests.length = 0;
    const again = await routing({});
    expect(again.outputs.status).toBe('unchanged');
    expect(writes()).toEqual([]);
  });
});

describe('rollback', () => {
  it('puts back the version of the previous successful GitHub deployment', async () => {
    const env = { GITHUB_API_URL: github.origin };
    expect((await routing(withEnvironment, env)).exitCode).toBe(0);
    const records = [...github.deployments.values()];
    expect(records.at(-1)?.payload).toMatchObject({
      recordedBy: 'publish-agent',
      released: '2',
      traffic: [
        {
          target: PINNED,
          direction: 'inbound',
          before: [{ version: '1', weight: '1' }],
          after: [{ version: '2', weight: '1' }],
        },
      ],
    });
    // The release before it, recorded as an earlier run would have.
    const previous = await routing({ ...withEnvironment, version: '1', operation: 'rollback' }, env);
    expect(previous.outputs.status).toBe('rolled-back');
    await routing({ ...withEnvironment, version: '2', operation: 'rollback' }, env);
    expect(inbound(PINNED)).toEqual([{ agent_id: AGENT, agent_version: 2, weight: 1 }]);

    const result = await routing({ ...withEnvironment, operation: 'rollback' }, env);
    expect(result.exitCode).toBe(0);
    expect(inbound(PINNED)).toEqual([{ agent_id: AGENT, agent_version: 1, weight: 1 }]);
    // Chosen from the release itself (the first publish's record), not from the rollbacks in between.
    expect(result.result.rollbackFrom).toContain(String(Math.min(...github.deployments.keys())));
    expect(result.result.rollbackFrom).toContain('retell-production');
    // Four runs of the bundle, each well under the limit on its own.
  }, 30_000);

  it('after a canary and its promotion, puts back what was live before the canary', async () => {
    const env = { GITHUB_API_URL: github.origin };
    await routing({ ...withEnvironment, 'traffic-percent': '10' }, env);
    await routing({ ...withEnvironment, 'traffic-percent': '100' }, env);
    expect(inbound(PINNED)).toEqual([{ agent_id: AGENT, agent_version: 2, weight: 1 }]);
    const result = await routing({ ...withEnvironment, operation: 'rollback' }, env);
    expect(result.outputs.status).toBe('rolled-back');
    expect(inbound(PINNED)).toEqual([{ agent_id: AGENT, agent_version: 1, weight: 1 }]);
    // Run again (a re-run job): the same target, nothing written.
    emulator.requests.length = 0;
    const again = await routing({ ...withEnvironment, operation: 'rollback' }, env);
    expect(again.outputs.status).toBe('unchanged');
    expect(writes()).toEqual([]);
    // Chosen from the canary's record, the first of the three.
    expect(result.result.rollbackFrom).toContain(String(Math.min(...github.deployments.keys())));
  }, 30_000);

  it('says what to pass when there is nothing to go back to', async () => {
    const result = await routing({ operation: 'rollback' });
    expect(result.exitCode).toBe(1);
    expect(writes()).toEqual([]);
    const error = resultError(result);
    expect(error).toMatchObject({ operation: 'rollback', step: 'plan' });
    // What to pass: the version input.
    expect(error.hint).toContain('version');
  });
});
