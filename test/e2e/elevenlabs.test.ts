// Bundle smoke tests: the cases of test/inprocess/elevenlabs.test.ts that most depend on the runner (its
// files, the log it reads, a process of its own), run through the bundle as the runner runs it.
// ElevenLabs end to end: the committed bundle against the emulator. A branch's draft is committed as a
// version, then deployed; every open point of the API is played in each of its readings.
import { describe, expect, it } from 'vitest';
import { ELEVENLABS, KEYS, elevenLabsBranchId, elevenLabsVersionId } from '../emulator/seed.ts';
import { GITHUB_TOKEN } from '../emulator/github.ts';
import { trafficSection } from '../../src/action/summary-traffic.ts';
import type { AgentReport } from '../../src/publish/report.ts';
import { useEndToEnd } from '../support/e2e.ts';
import { useGitHubEmulator } from '../support/use-emulator.ts';

const { emulator, run, writes } = useEndToEnd();
const github = useGitHubEmulator();
/** Rollback reads the release history these records keep. */
const recorded = { environment: 'elevenlabs-production', 'github-token': GITHUB_TOKEN };
const env = () => ({ GITHUB_API_URL: github.origin });
const agents = () => emulator.state.elevenlabs.agents;
const base = '/elevenlabs/v1/convai/agents';

describe('ElevenLabs publish', () => {
  const id = ELEVENLABS.withDraft;
  const main = elevenLabsBranchId(id, 'main');

  it('commits the main branch draft as version 3; main already serves all calls, so nothing is deployed', async () => {
    const result = await run('elevenlabs', { 'agent-id': id, description: 'Fix greeting' });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.outputs).toMatchObject({
      status: 'published',
      'agent-name': 'Concierge',
      version: elevenLabsVersionId(main, 3),
      'previous-version': elevenLabsVersionId(main, 2),
    });
    const [commit, ...others] = writes();
    expect(others).toEqual([]);
    expect(commit?.rawPath).toBe(`${base}/${id}?branch_id=${main}`);
    expect(commit?.json).toEqual({ version_description: 'Fix greeting' });
    expect(commit?.headers['xi-api-key']).toBe(KEYS.elevenlabs);
    expect(commit?.headers.authorization).toBeUndefined();
    const branch = agents().get(id)?.branches[0];
    expect(branch?.draft).toBe(false);
    expect(branch?.versions.at(-1)?.version_description).toBe('Fix greeting');
  });
});

describe('ElevenLabs traffic', () => {
  const id = ELEVENLABS.withDraft;
  const main = elevenLabsBranchId(id, 'main');
  const experiment = elevenLabsBranchId(id, 'experiment');
  const live = () => agents().get(id)?.deployments[0]?.traffic_percentage_branch_id_map;
  const deployments = () => writes().filter((request) => request.method === 'POST');

  it('canaries a branch at 10 %, promotes it to 100 %, then rolls back to the split before the canary', async () => {
    const canary = await run(
      'elevenlabs',
      { 'agent-id': id, branch: 'experiment', 'traffic-percent': '10', ...recorded },
      env(),
    );
    expect(canary.exitCode, canary.stdout).toBe(0);
    expect(canary.outputs.status).toBe('published');
    expect(canary.outputs.version).toBe(elevenLabsVersionId(experiment, 2));
    expect(deployments()[0]?.json).toEqual({
      deployment_request: {
        requests: [
          { branch_id: experiment, deployment_strategy: { type: 'percentage', traffic_percentage: 0.1 } },
          { branch_id: main, deployment_strategy: { type: 'percentage', traffic_percentage: 0.9 } },
        ],
      },
    });
    expect(live()).toEqual({ [experiment]: 0.1, [main]: 0.9 });
    expect(JSON.parse(canary.outputs.traffic ?? '')).toEqual([
      {
        target: 'agent',
        before: [{ version: main, weight: '1' }],
        after: [
          { version: experiment, weight: '0.1' },
          { version: main, weight: '0.9' },
        ],
        note: 'main 100 % → experiment 10 %, main 90 %',
      },
    ]);
    expect(canary.summary).toContain(trafficSection(canary.result as unknown as AgentReport, false));

    emulator.requests.length = 0;
    const promote = await run('elevenlabs', { 'agent-id': id, branch: 'experiment', ...recorded }, env());
    expect(promote.exitCode, promote.stdout).toBe(0);
    expect(writes().map((request) => request.method)).toEqual(['POST']);
    expect(live()).toEqual({ [experiment]: 1 });

    emulator.requests.length = 0;
    const rollback = await run('elevenlabs', { 'agent-id': id, operation: 'rollback', ...recorded }, env());
    expect(rollback.exitCode, rollback.stdout).toBe(0);
    expect(rollback.outputs.status).toBe('rolled-back');
    // A canary and its promotion are one release: back to what was live before the canary.
    expect(live()).toEqual({ [main]: 1 });
    // Chosen from the canary's record, the first of the two, and said in the log.
    const { rollbackFrom } = rollback.result;
    expect(rollbackFrom).toContain(String(Math.min(...github.deployments.keys())));
    expect(rollback.stdout).toContain(rollbackFrom);
  });
});
