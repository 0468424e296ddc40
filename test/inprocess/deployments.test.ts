// The action in-process (test/support/run-in-process.ts), recording its
// publishes as GitHub deployments in the GitHub emulator: what it sends, and that nothing about
// recording can fail a publish.
import { describe, expect, it } from 'vitest';
import { DIGA, RETELL } from '../emulator/seed.ts';
import { annotations } from '../support/outcome.ts';
import { runInProcess as runAction } from '../support/run-in-process.ts';
import { DEPLOYMENTS, ENVIRONMENT, useDeploymentRuns, warnings } from '../support/deployment-runs.ts';

const { providers, github, run, sent, onlyDeployment } = useDeploymentRuns(runAction);

describe('a publish with environment', () => {
  it('puts the chosen version and the one released in the payload', async () => {
    const result = await run('diga', { 'agent-id': DIGA.withNewVersion, version: 'v3' });
    expect(result.exitCode).toBe(0);
    expect(onlyDeployment().payload).toEqual({
      recordedBy: 'publish-agent',
      schema: 2,
      provider: 'diga',
      agent: DIGA.withNewVersion,
      version: '3',
      operation: 'publish',
      released: '3',
      previous: '2',
    });
    expect(onlyDeployment().statuses.at(-1)?.description).toBe(`diga ${DIGA.withNewVersion} v3`);
  });

  it('ends a failed publish in a failure status with the error, and still fails the step', async () => {
    providers.failNext({
      provider: 'retell',
      method: 'POST',
      status: 422,
      body: { message: 'agent locked' },
    });
    const result = await run('retell', { 'agent-id': RETELL.withDraft });
    expect(result.exitCode).toBe(1);
    expect(result.outputs.status).toBe('failed');
    const deployment = onlyDeployment();
    expect(deployment.statuses.map((status) => status.state)).toEqual(['in_progress', 'failure']);
    const failure = deployment.statuses[1];
    expect(failure?.description).toBe(
      `Publishing failed: Retell POST /publish-agent-version/${RETELL.withDraft} answered HTTP 422: agent locked`,
    );
    expect(failure?.environmentUrl).toBeUndefined();
    expect(result.outputs['deployment-id']).toBe(String(deployment.id));
  });

  it('records an unchanged agent as a success that is already live', async () => {
    const result = await run('retell', { 'agent-id': RETELL.allPublished });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('unchanged');
    const deployment = onlyDeployment();
    expect(deployment.statuses.map(({ state, description }) => ({ state, description }))).toEqual([
      { state: 'in_progress', description: `publish retell ${RETELL.allPublished}` },
      { state: 'success', description: `retell ${RETELL.allPublished} v3 already live` },
    ]);
  });

  it('records an unpublish as a success that says so', async () => {
    const result = await run('diga', { 'agent-id': DIGA.withNewVersion, operation: 'unpublish' });
    expect(result.exitCode).toBe(0);
    expect(onlyDeployment().statuses.at(-1)).toMatchObject({
      state: 'success',
      description: `diga ${DIGA.withNewVersion} unpublished`,
    });
  });

  it('creates nothing on a dry run', async () => {
    const result = await run('retell', { 'agent-id': RETELL.withDraft, 'dry-run': 'true' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('dry-run');
    expect(github.requests).toEqual([]);
    expect(result.outputs['deployment-id']).toBe('');
  });
});

describe('recording never fails a publish', () => {
  it('GitHub API down: a warning, the publish still published, no deployment id', async () => {
    github.fail({ drop: true });
    const result = await run('retell', { 'agent-id': RETELL.withDraft });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('published');
    expect(result.outputs['deployment-id']).toBe('');
    const versions = providers.state.retell.agents.get(RETELL.withDraft)?.versions;
    expect(versions?.find((version) => version.version === 2)?.is_published).toBe(true);
    const [warning, ...others] = warnings(result.stdout);
    expect(others).toEqual([]);
    // The warning names the agent, the environment and the API that did not answer.
    for (const named of [RETELL.withDraft, ENVIRONMENT, github.origin]) expect(warning).toContain(named);
  });

  it('missing permission (403): a warning naming deployments: write', async () => {
    github.fail({ status: 403 });
    const result = await run('retell', { 'agent-id': RETELL.withDraft });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('published');
    expect(result.outputs['deployment-id']).toBe('');
    expect(sent()).toEqual([`POST ${DEPLOYMENTS}`]);
    const [warning, ...others] = warnings(result.stdout);
    expect(others).toEqual([]);
    // GitHub's status and message, and the permission the job needs.
    expect(warning).toContain('403');
    expect(warning).toContain('Resource not accessible by integration');
    expect(warning).toContain('deployments: write');
  });

  it('a 5xx on the final status: a warning, the publish and its deployment id kept', async () => {
    github.fail({ status: 502, path: /\/statuses$/ });
    const result = await run('retell', { 'agent-id': RETELL.withDraft });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('published');
    const deployment = onlyDeployment();
    expect(result.outputs['deployment-id']).toBe(String(deployment.id));
    const found = warnings(result.stdout);
    expect(found).toHaveLength(2);
    // One warning per status that could not be set, each naming the deployment and GitHub's answer.
    for (const warning of found) {
      expect(warning).toContain(String(deployment.id));
      expect(warning).toContain('502');
    }
    expect(deployment.statuses).toEqual([]);
  });

  it('an endless GitHub answer is cut at 1 MiB: a warning, the publish kept (issue 13)', async () => {
    github.fail({ endless: true });
    const result = await run('retell', { 'agent-id': RETELL.withDraft });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('published');
    expect(warnings(result.stdout)).toHaveLength(1);
    expect(result.outputs['deployment-id']).toBe('');
  });

  it('outside a GitHub Actions run (no GITHUB_REPOSITORY): a warning, no request', async () => {
    const result = await run('retell', { 'agent-id': RETELL.withDraft }, { GITHUB_REPOSITORY: '' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('published');
    expect(github.requests).toEqual([]);
    // The warning names the variables that are missing.
    expect(warnings(result.stdout)).toEqual([expect.stringContaining('GITHUB_REPOSITORY')]);
  });
});

describe('without environment', () => {
  it('sends GitHub no request and sets no deployment id', async () => {
    const result = await run('retell', { 'agent-id': RETELL.withDraft, environment: '' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('published');
    expect(github.requests).toEqual([]);
    expect(result.outputs['deployment-id']).toBe('');
  });
});

describe('a bad environment', () => {
  it('fails before any request, naming the input', async () => {
    const result = await run('retell', { 'agent-id': RETELL.withDraft, environment: 'e'.repeat(256) });
    expect(result.exitCode).toBe(1);
    expect(annotations(result.stdout, 'error')).toEqual([expect.stringContaining('"environment"')]);
    expect(providers.requests).toEqual([]);
    expect(github.requests).toEqual([]);
  });
});
