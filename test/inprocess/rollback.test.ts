// Rollbacks that can be run again: the target comes from the release history of each route (GitHub
// deployment records the action wrote, rollbacks left out), so a second run finds the same target and
// changes nothing. Per number on Retell, per agent on Diga, per agent split on ElevenLabs; a history that
// cannot be read in time, or names an empty split, stops the step before any write.
import { describe, expect, it } from 'vitest';
import { GITHUB_TOKEN } from '../emulator/github.ts';
import { DIGA, ELEVENLABS, elevenLabsBranchId, KEYS, RETELL, RETELL_PHONES } from '../emulator/seed.ts';
import { keepForClosingNote } from '../support/closing-note.ts';
import { TAG_PUSH } from '../support/trigger.ts';
import { useInProcess } from '../support/in-process.ts';
import { annotations, resultError } from '../support/outcome.ts';
import type { ActionRun } from '../support/run-action.ts';
import { runInProcess } from '../support/run-in-process.ts';
import { useGitHubEmulator } from '../support/use-emulator.ts';
import { virtualClock } from '../support/virtual-clock.ts';

const { emulator, run, writes } = useInProcess();
const github = useGitHubEmulator();
const AGENT = RETELL.withDraft;
const A = RETELL_PHONES.pinned;
const B = RETELL_PHONES.pinnedBoth;

const recorded = (environment: string) => ({ environment, 'github-token': GITHUB_TOKEN });
const env = () => ({ GITHUB_API_URL: github.origin });
const inbound = (number: string) => emulator.state.retell.phoneNumbers.get(number)?.inbound_agents;

function retell(inputs: Record<string, string>) {
  return run(
    'retell',
    { 'agent-id': AGENT, 'phone-numbers': A, ...recorded('retell-production'), ...inputs },
    env(),
  );
}

/** Set CLOSING_SUMMARIES to a file path to keep the job summaries of the Retell sequence (issue 21's closing note). */
function keepSummaries(steps: readonly [string, ActionRun][]): void {
  keepForClosingNote('CLOSING_SUMMARIES', {
    title: 'Issue 21: closing note — a Retell canary, rollback, rollback again',
    intro:
      'Job summaries of four in-process runs of the action (src/main.ts run() with the fake runner) against the emulator and the GitHub API stand-in, environment `retell-production`, number +14155550101. Produced by `CLOSING_SUMMARIES=<file> npx vitest run --project unit test/inprocess/rollback.test.ts -t "publish v1"`. The second rollback finds the same target (the release history leaves rollbacks out) and is `unchanged`, with no write.',
    sections: steps.map(([title, step]) => [`## ${title}`, step.summary]),
  });
}

describe('a Retell rollback run twice', () => {
  it('publish v1, canary v2 at 10 %, rollback (v1 at 100 %), rollback again: unchanged', async () => {
    const publish = await retell({ version: '1' });
    expect(publish.exitCode, publish.stdout).toBe(0);
    const canary = await retell({ 'traffic-percent': '10' });
    expect(inbound(A)).toEqual([
      { agent_id: AGENT, agent_version: 2, weight: 0.1 },
      { agent_id: AGENT, agent_version: 1, weight: 0.9 },
    ]);
    const rollback = await retell({ operation: 'rollback' });
    expect(rollback.outputs.status).toBe('rolled-back');
    expect(inbound(A)).toEqual([{ agent_id: AGENT, agent_version: 1, weight: 1 }]);
    emulator.requests.length = 0;
    const again = await retell({ operation: 'rollback' });
    expect(again.exitCode, again.stdout).toBe(0);
    expect(again.outputs.status).toBe('unchanged');
    expect(again.outputs.version).toBe('1');
    expect(writes()).toEqual([]);
    expect(inbound(A)).toEqual([{ agent_id: AGENT, agent_version: 1, weight: 1 }]);
    // Where the version put back came from, and why nothing was sent, are in the summary.
    expect(again.summary).toContain(String(again.result.rollbackFrom));
    // Found in place: it says so, in the log, the summary and the result, not what it would have done.
    const { reason } = again.result;
    expect(reason).toMatch(/\b1\b/);
    expect(again.summary).toContain(reason);
    expect(reason).not.toBe(rollback.result.reason);
    expect(again.stdout + again.summary).not.toContain(String(rollback.result.reason));
    // The rollback records what it restored, marked as a rollback.
    const last = [...github.deployments.values()].at(-1);
    expect(last?.payload).toMatchObject({
      operation: 'rollback',
      recordedBy: 'publish-agent',
      released: '1',
    });
    keepSummaries([
      ['Publish v1', publish],
      ['Canary v2 at 10 %', canary],
      ['Rollback', rollback],
      ['Rollback again', again],
    ]);
  });

  it('rolls back number A to what it served before its release, although number B moved since', async () => {
    await retell({ version: '2' });
    emulator.state.retell.agents
      .get(AGENT)
      ?.versions.push({ version: 3, is_published: false, last_modification_timestamp: Date.now() });
    await retell({ 'phone-numbers': B, version: '3' });
    expect(inbound(B)).toEqual([{ agent_id: AGENT, agent_version: 3, weight: 1 }]);
    const rollback = await retell({ operation: 'rollback' });
    expect(rollback.outputs.status).toBe('rolled-back');
    expect(inbound(A)).toEqual([{ agent_id: AGENT, agent_version: 1, weight: 1 }]);
    expect(inbound(B)).toEqual([{ agent_id: AGENT, agent_version: 3, weight: 1 }]);
    emulator.requests.length = 0;
    const again = await retell({ operation: 'rollback' });
    expect(again.outputs.status).toBe('unchanged');
    expect(writes()).toEqual([]);
    expect(inbound(B)).toEqual([{ agent_id: AGENT, agent_version: 3, weight: 1 }]);
  });

  it('ignores records it did not write when it chooses (rollback records: see the runs twice above)', async () => {
    await retell({ version: '1' });
    await retell({ 'traffic-percent': '10' });
    // A record someone with deployments: write made, newest of all: no marker, so never trusted.
    github.deployments.set(9_000_001, {
      id: 9_000_001,
      ref: TAG_PUSH.sha,
      environment: 'retell-production',
      task: 'publish-agent',
      payload: { provider: 'retell', agent: AGENT, operation: 'publish', released: '2', previous: '2' },
      createdAt: '2026-12-01T10:00:00Z',
      statuses: [{ id: 9_000_002, state: 'success', description: '' }],
    });
    const rollback = await retell({ operation: 'rollback' });
    expect(rollback.outputs.status).toBe('rolled-back');
    expect(inbound(A)).toEqual([{ agent_id: AGENT, agent_version: 1, weight: 1 }]);
    // The record it passed over is named in a warning.
    expect(annotations(rollback.stdout, 'warning').filter((line) => line.includes('9000001'))).toHaveLength(
      1,
    );
  });

  it('fails at the deadline, naming it, when the history is slow to read, before any write', async () => {
    // Eight records whose status reads take 250 ms each: 2 s of history for a 1 s deadline.
    for (let i = 0; i < 8; i++) await retell({ version: '1' });
    emulator.requests.length = 0;
    const clock = virtualClock();
    github.fail({
      path: /\/statuses$/,
      late: () => {
        clock.advance(250);
      },
    });
    const result = await runInProcess(
      {
        provider: 'retell',
        'api-key': KEYS.retell,
        'base-url': emulator.baseUrls.retell,
        'agent-id': AGENT,
        'phone-numbers': A,
        ...recorded('retell-production'),
        operation: 'rollback',
        'deadline-seconds': '1',
      },
      env(),
      clock,
    );
    expect(result.exitCode).toBe(1);
    expect(writes()).toEqual([]);
    expect(annotations(result.stdout, 'error')).toEqual([expect.stringContaining('deadline-seconds')]);
  });
});

describe('a Retell rollback of a number that followed latest_published', () => {
  it('puts it on the version live before the canary, not back on the label (which now serves the canary)', async () => {
    const numbers = `${A},${RETELL_PHONES.followsLatest}`;
    const canary = await retell({ 'phone-numbers': numbers, 'traffic-percent': '10' });
    expect(canary.exitCode, canary.stdout).toBe(0);
    const rollback = await retell({ 'phone-numbers': numbers, operation: 'rollback' });
    expect(rollback.exitCode, rollback.stdout).toBe(0);
    expect(rollback.outputs.status).toBe('rolled-back');
    expect(inbound(RETELL_PHONES.followsLatest)).toEqual([{ agent_id: AGENT, agent_version: 1, weight: 1 }]);
    emulator.requests.length = 0;
    const again = await retell({ 'phone-numbers': numbers, operation: 'rollback' });
    expect(again.exitCode, again.stdout).toBe(0);
    expect(again.outputs.status).toBe('unchanged');
    expect(writes()).toEqual([]);
  });
});

describe('a Diga rollback run twice', () => {
  it('v2, v3, rollback (v2), rollback again: unchanged', async () => {
    const diga = (inputs: Record<string, string>) =>
      run('diga', { 'agent-id': DIGA.withNewVersion, ...recorded('diga-production'), ...inputs }, env());
    const published = () => emulator.state.diga.agents.get(DIGA.withNewVersion)?.published_version_id;
    expect((await diga({ version: 'v2' })).outputs.status).toBe('unchanged');
    expect((await diga({ version: 'v3' })).outputs.status).toBe('published');
    const rollback = await diga({ operation: 'rollback' });
    expect(rollback.outputs.status).toBe('rolled-back');
    expect(published()).toBe(DIGA.withNewVersionIds[2]);
    emulator.requests.length = 0;
    const again = await diga({ operation: 'rollback' });
    expect(again.outputs.status).toBe('unchanged');
    expect(writes()).toEqual([]);
    expect(published()).toBe(DIGA.withNewVersionIds[2]);
  });
});

describe('an ElevenLabs rollback run twice', () => {
  const id = ELEVENLABS.withDraft;
  const main = elevenLabsBranchId(id, 'main');
  const live = () =>
    emulator.state.elevenlabs.agents.get(id)?.deployments[0]?.traffic_percentage_branch_id_map;
  const elevenlabs = (inputs: Record<string, string>) =>
    run('elevenlabs', { 'agent-id': id, ...recorded('elevenlabs-production'), ...inputs }, env());

  /** A rollback that puts main back at 100 %, then the same rollback again: unchanged, nothing sent. */
  async function rollsBackToMainTwice(): Promise<void> {
    const rollback = await elevenlabs({ operation: 'rollback' });
    expect(rollback.outputs.status, rollback.stdout).toBe('rolled-back');
    expect(live()).toEqual({ [main]: 1 });
    emulator.requests.length = 0;
    const again = await elevenlabs({ operation: 'rollback' });
    expect(again.outputs.status, again.stdout).toBe('unchanged');
    expect(writes()).toEqual([]);
    expect(live()).toEqual({ [main]: 1 });
  }

  it('canary at 10 %, rollback, rollback again: unchanged', async () => {
    expect((await elevenlabs({ branch: 'experiment', 'traffic-percent': '10' })).exitCode).toBe(0);
    await rollsBackToMainTwice();
  });

  it('canary at 10 %, promote, rollback: the split before the canary (one release); again: unchanged', async () => {
    const experiment = elevenLabsBranchId(id, 'experiment');
    expect((await elevenlabs({ branch: 'experiment', 'traffic-percent': '10' })).exitCode).toBe(0);
    const promote = await elevenlabs({ branch: 'experiment', 'traffic-percent': '100' });
    expect(promote.exitCode, promote.stdout).toBe(0);
    expect(live()).toEqual({ [experiment]: 1 });
    // The canary's record and the promotion's name one release: the branch.
    expect([...github.deployments.values()].map((record) => record.payload)).toMatchObject([
      { operation: 'publish', released: experiment },
      { operation: 'publish', released: experiment },
    ]);
    await rollsBackToMainTwice();
  });

  it('refuses to restore an empty split, before any write', async () => {
    github.deployments.set(9_100_001, {
      id: 9_100_001,
      ref: TAG_PUSH.sha,
      environment: 'elevenlabs-production',
      task: 'publish-agent',
      payload: {
        recordedBy: 'publish-agent',
        schema: 2,
        provider: 'elevenlabs',
        agent: id,
        operation: 'publish',
        released: main,
        traffic: [{ target: 'agent', before: [], after: [{ version: main, weight: '1' }] }],
      },
      createdAt: '2026-12-01T10:00:00Z',
      statuses: [{ id: 9_100_002, state: 'success', description: '' }],
    });
    const result = await elevenlabs({ operation: 'rollback' });
    expect(result.exitCode).toBe(1);
    expect(writes()).toEqual([]);
    // The route the history has nothing for is named in the failure.
    const error = resultError(result);
    expect(error).toMatchObject({ operation: 'rollback', step: 'plan' });
    expect(error.cause).toContain('agent');
  });

  it('without environment or branch, refuses rather than reading the platform history', async () => {
    const result = await run('elevenlabs', { 'agent-id': id, operation: 'rollback' });
    expect(result.exitCode).toBe(1);
    expect(writes()).toEqual([]);
    expect(resultError(result)).toMatchObject({ operation: 'rollback', step: 'plan' });
    expect(emulator.requests).toEqual([]);
  });
});
