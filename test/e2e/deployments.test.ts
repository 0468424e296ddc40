// Bundle smoke tests: the cases of test/inprocess/deployments.test.ts that most depend on the runner (its
// files, the log it reads, a process of its own), run through the bundle as the runner runs it.
// The bundle (built fresh from src/ before the tests), run as the runner runs it, recording its
// publishes as GitHub deployments in the GitHub emulator: what it sends, and that nothing about
// recording can fail a publish.
import { describe, expect, it } from 'vitest';
import { GITHUB_REPOSITORY, GITHUB_TOKEN } from '../emulator/github.ts';
import { stringify } from 'yaml';
import { FLEET, KEYS, LANGDOCK, RETELL } from '../emulator/seed.ts';
import { GITHUB_ENV, runAction } from '../support/run-action.ts';
import { DEPLOYMENTS, ENVIRONMENT, useDeploymentRuns, warnings } from '../support/deployment-runs.ts';

const { providers, github, run, sent, onlyDeployment } = useDeploymentRuns(runAction);
const RUN_URL = `https://github.com/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_ENV.GITHUB_RUN_ID}`;

describe('a publish with environment', () => {
  it('creates one deployment for the commit and marks it in progress, then successful', async () => {
    const result = await run('retell', { 'agent-id': RETELL.withDraft });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('published');

    expect(sent()).toEqual([
      `POST ${DEPLOYMENTS}`,
      `POST ${DEPLOYMENTS}/${onlyDeployment().id}/statuses`,
      `POST ${DEPLOYMENTS}/${onlyDeployment().id}/statuses`,
    ]);
    const [create, inProgress, success] = github.requests;
    expect(create?.json).toEqual({
      ref: GITHUB_ENV.GITHUB_SHA,
      environment: ENVIRONMENT,
      task: 'publish-agent',
      auto_merge: false,
      required_contexts: [],
      payload: {
        recordedBy: 'publish-agent',
        schema: 2,
        provider: 'retell',
        agent: RETELL.withDraft,
        version: null,
        operation: 'publish',
        released: '2',
        previous: '1',
      },
      description: `publish retell ${RETELL.withDraft}`,
    });
    expect(create?.headers.authorization).toBe(`token ${GITHUB_TOKEN}`);
    expect(inProgress?.json).toEqual({
      state: 'in_progress',
      description: `publish retell ${RETELL.withDraft}`,
      log_url: RUN_URL,
    });
    // No provider documents a dashboard address for its agents, so no environment_url is sent.
    expect(success?.json).toEqual({
      state: 'success',
      description: `retell ${RETELL.withDraft} v2`,
      log_url: RUN_URL,
    });

    const deployment = onlyDeployment();
    expect(result.outputs['deployment-id']).toBe(String(deployment.id));
    expect(result.result.deploymentId).toBe(String(deployment.id));
    expect(deployment.statuses.map((status) => status.state)).toEqual(['in_progress', 'success']);
    expect(warnings(result.stdout)).toEqual([]);
  });

  it('masks the token and never prints it', async () => {
    const token = 'ghp_aCustomTokenThatMustNotLeak0123';
    const result = await run('langdock', { 'agent-id': LANGDOCK.withChanges, 'github-token': token });
    // The emulator knows only its own token: a 401, a warning, and the token in no output (runAction scans).
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(`::add-mask::${token}`);
    expect(github.requests[0]?.headers.authorization).toBe(`token ${token}`);
    // GitHub's status and its own message.
    expect(warnings(result.stdout)).toEqual([expect.stringMatching(/\b401\b.*Bad credentials/)]);
  });
});

describe('recording never fails a publish', () => {
  it('GitHub API hanging: the publish keeps its whole deadline, and the record is a warning (issue 13)', async () => {
    github.fail({ hang: true });
    // The record's own budget (4 s) is longer than the publish's deadline: it must not come out of it.
    const result = await run('retell', { 'agent-id': RETELL.withDraft, 'deadline-seconds': '3' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('published');
    expect(result.outputs['deployment-id']).toBe('');
    const [warning, ...others] = warnings(result.stdout);
    expect(others).toEqual([]);
    // Only a hanging API shows this sentence (its 4 s budget is real time), so it is pinned here.
    expect(warning).toContain(`the GitHub API at ${github.origin} did not finish within 4 s`);
  });

  it('GitHub API hanging under a manifest: one wait, every agent published (issue 13)', async () => {
    github.fail({ hang: true });
    const manifest = stringify(
      [RETELL.withDraft, ...FLEET.retell.slice(0, 2)].map((agentId) => ({
        provider: 'retell',
        'agent-id': agentId,
        'base-url': providers.baseUrls.retell,
      })),
    );
    const result = await runAction(
      { manifest, environment: ENVIRONMENT, 'deadline-seconds': '5', concurrency: '1' },
      { GITHUB_API_URL: github.origin, RETELL_API_KEY: KEYS.retell },
    );
    expect(result.exitCode).toBe(0);
    expect(result.outputs['published-count']).toBe('3');
    expect(github.requests).toHaveLength(1);
    expect(warnings(result.stdout).join('\n')).toContain('did not answer an earlier record in time');
  });
});
