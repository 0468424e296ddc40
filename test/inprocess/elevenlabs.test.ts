// ElevenLabs end to end: the action in-process against the emulator. A branch's draft is committed as a
// version, then deployed; every open point of the API is played in each of its readings.
import { describe, expect, it } from 'vitest';
import { ELEVENLABS, elevenLabsBranchId, elevenLabsVersionId } from '../emulator/seed.ts';
import { useInProcess } from '../support/in-process.ts';
import { annotations, doubts, resultError, statusHint } from '../support/outcome.ts';

const { emulator, run, sent, writes } = useInProcess();
const agents = () => emulator.state.elevenlabs.agents;

describe('ElevenLabs publish', () => {
  const id = ELEVENLABS.withDraft;
  const main = elevenLabsBranchId(id, 'main');

  it('reports an agent with nothing to commit and main serving all calls as unchanged, without writing', async () => {
    const result = await run('elevenlabs', { 'agent-id': ELEVENLABS.upToDate });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.outputs.status).toBe('unchanged');
    expect(writes()).toEqual([]);
  });

  it('commits a branch named in the input and deploys it to all calls', async () => {
    const experiment = elevenLabsBranchId(id, 'experiment');
    const result = await run('elevenlabs', { 'agent-id': id, branch: 'experiment' });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.outputs.version).toBe(elevenLabsVersionId(experiment, 2));
    expect(writes().map((request) => request.method)).toEqual(['PATCH', 'POST']);
    expect(writes()[1]?.json).toEqual({
      deployment_request: {
        requests: [
          { branch_id: experiment, deployment_strategy: { type: 'percentage', traffic_percentage: 1 } },
        ],
      },
    });
    expect(agents().get(id)?.deployments[0]?.traffic_percentage_branch_id_map).toEqual({ [experiment]: 1 });
  });

  it('refuses an unknown branch before any write, listing the branches there are', async () => {
    const result = await run('elevenlabs', { 'agent-id': id, branch: 'nope' });
    expect(result.exitCode).toBe(1);
    expect(writes()).toEqual([]);
    const { cause } = resultError(result);
    for (const named of ['nope', elevenLabsBranchId(id, 'main'), elevenLabsBranchId(id, 'experiment')])
      expect(cause).toContain(named);
  });

  it('looks a name with spaces and "/" up like any other, instead of refusing it as an id', async () => {
    const result = await run('elevenlabs', { 'agent-id': id, branch: 'night shift/v2' });
    expect(result.exitCode).toBe(1);
    const { cause } = resultError(result);
    expect(cause).toContain('night shift/v2');
    expect(cause).toContain(elevenLabsBranchId(id, 'main'));
  });

  it('fails with the key hint on a bad key, naming ELEVENLABS_API_KEY', async () => {
    const result = await run('elevenlabs', { 'agent-id': id, 'api-key': 'sk_wrong' });
    expect(result.exitCode).toBe(1);
    const error = resultError(result);
    expect(error.cause).toContain('invalid_api_key');
    expect(error.hint).toBe(statusHint('elevenlabs', 401));
    expect(error.hint).toContain('ELEVENLABS_API_KEY');
    expect(writes()).toEqual([]);
  });

  it('prints the xi-api-key header, redacted, in a dry run', async () => {
    const result = await run('elevenlabs', { 'agent-id': id, 'dry-run': 'true' });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.stdout).toContain(
      `PATCH ${emulator.baseUrls.elevenlabs}/v1/convai/agents/${id}?branch_id=${main}`,
    );
    expect(result.stdout).toContain('Xi-Api-Key: ***');
    expect(sent().every((request) => request.startsWith('GET'))).toBe(true);
  });
});

describe('ElevenLabs open point: what a PATCH with only branch_id and version_description does', () => {
  const id = ELEVENLABS.withDraft;

  it.each([
    ['empty-version', 'apply', 'agtvrsn_'],
    ['ignored', 'apply', ''],
  ] as const)('%s: fails loudly after the commit and deploys nothing', async (reading, step, named) => {
    emulator.setReadings({ elevenLabsCommit: reading });
    const result = await run('elevenlabs', { 'agent-id': id, branch: 'experiment' });
    expect(result.exitCode).toBe(1);
    // The commit's outcome is the cause, found after the write.
    const error = resultError(result);
    expect(error).toMatchObject({ provider: 'ElevenLabs', step });
    if (named !== '') expect(error.cause).toContain(named);
    expect(writes().map((request) => request.method)).toEqual(['PATCH']);
  });
});

describe('ElevenLabs open point: the scale of current_live_percentage', () => {
  const id = ELEVENLABS.neverDeployed;
  const main = elevenLabsBranchId(id, 'main');
  const preview = elevenLabsBranchId(id, 'preview');

  it.each(['fraction', 'percent'] as const)(
    '%s: commits main of a never deployed agent, deploying nothing',
    async (scale) => {
      emulator.setReadings({ elevenLabsLivePercentage: scale });
      const result = await run('elevenlabs', { 'agent-id': id });
      expect(result.exitCode, result.stdout).toBe(0);
      expect(result.outputs.status).toBe('published');
      // main already serves all calls in both readings: the commit is the only write.
      expect(writes().map((request) => request.method)).toEqual(['PATCH']);
    },
  );

  it.each(['fraction', 'percent'] as const)('%s: a canary keeps main at 90 %%', async (scale) => {
    emulator.setReadings({ elevenLabsLivePercentage: scale });
    const result = await run('elevenlabs', { 'agent-id': id, branch: 'preview', 'traffic-percent': '10' });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(agents().get(id)?.deployments[0]?.traffic_percentage_branch_id_map).toEqual({
      [preview]: 0.1,
      [main]: 0.9,
    });
  });
});

describe('ElevenLabs traffic', () => {
  const id = ELEVENLABS.withDraft;
  const main = elevenLabsBranchId(id, 'main');
  const live = () => agents().get(id)?.deployments[0]?.traffic_percentage_branch_id_map;
  const deployments = () => writes().filter((request) => request.method === 'POST');

  it('rolls a canary back to the main branch when branch names it', async () => {
    await run('elevenlabs', { 'agent-id': id, branch: 'experiment', 'traffic-percent': '10' });
    const rollback = await run('elevenlabs', { 'agent-id': id, operation: 'rollback', branch: 'main' });
    expect(rollback.exitCode, rollback.stdout).toBe(0);
    expect(live()).toEqual({ [main]: 1 });
    expect(rollback.outputs.version).toBe(elevenLabsVersionId(main, 2));
  });

  it('keeps the serving branches in their proportions: 10 % for delta leaves 63/18/9', async () => {
    const agent = ELEVENLABS.split;
    const result = await run('elevenlabs', { 'agent-id': agent, branch: 'delta', 'traffic-percent': '10' });
    expect(result.exitCode, result.stdout).toBe(0);
    const branch = (name: string) => elevenLabsBranchId(agent, name);
    expect(agents().get(agent)?.deployments[0]?.traffic_percentage_branch_id_map).toEqual({
      [branch('delta')]: 0.1,
      [branch('main')]: 0.63,
      [branch('beta')]: 0.18,
      [branch('gamma')]: 0.09,
    });
  });

  it('sends shares that add up to exactly 1 for a third: 33.33 %', async () => {
    const agent = ELEVENLABS.split;
    const result = await run('elevenlabs', {
      'agent-id': agent,
      branch: 'delta',
      'traffic-percent': '33.33',
    });
    expect(result.exitCode, result.stdout).toBe(0);
    // The emulator refuses a split whose decimals do not add up to exactly 1.
    const shares = Object.values(agents().get(agent)?.deployments[0]?.traffic_percentage_branch_id_map ?? {});
    expect(shares).toEqual([0.3333, 0.46669, 0.13334, 0.06667]);
  });

  it('reports unchanged when the branch already serves the share asked and has nothing to commit', async () => {
    const result = await run('elevenlabs', {
      'agent-id': ELEVENLABS.split,
      branch: 'gamma',
      'traffic-percent': '10',
    });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.outputs.status).toBe('unchanged');
    expect(writes()).toEqual([]);
  });

  it('settles a deployment whose answer was lost by reading the split again, without a second deployment', async () => {
    emulator.disruptNext({ provider: 'elevenlabs', method: 'POST', disruption: 'lost-response' });
    const result = await run('elevenlabs', { 'agent-id': id, branch: 'experiment', 'traffic-percent': '10' });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.outputs.status).toBe('published');
    expect(deployments()).toHaveLength(1);
    expect(agents().get(id)?.deployments).toHaveLength(2);
    expect(doubts(result, `POST /v1/convai/agents/${id}/deployments`)).toHaveLength(1);
  });

  it('settles a commit whose answer was lost by reading the branch again, without a second commit', async () => {
    emulator.disruptNext({ provider: 'elevenlabs', method: 'PATCH', disruption: 'lost-response' });
    const result = await run('elevenlabs', { 'agent-id': id, description: 'Once' });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.outputs.status).toBe('published');
    expect(writes().map((request) => request.method)).toEqual(['PATCH']);
    expect(
      agents()
        .get(id)
        ?.branches[0]?.versions.map((version) => version.version_description),
    ).toEqual(['main 1', 'main 2', 'Once']);
    expect(result.outputs.version).toBe(elevenLabsVersionId(main, 3));
  });

  it('refuses unpublish before any request', async () => {
    const result = await run('elevenlabs', { 'agent-id': id, operation: 'unpublish' });
    expect(result.exitCode).toBe(1);
    expect(emulator.requests).toEqual([]);
    expect(annotations(result.stdout, 'error')).toEqual([expect.stringContaining('"operation"')]);
  });

  it('has no earlier split to roll back to on an agent deployed once', async () => {
    const result = await run('elevenlabs', { 'agent-id': ELEVENLABS.upToDate, operation: 'rollback' });
    expect(result.exitCode).toBe(1);
    expect(writes()).toEqual([]);
    expect(resultError(result)).toMatchObject({ operation: 'rollback', step: 'plan' });
  });
});
