import { describe, expect, it } from 'vitest';
import { useGitHubEmulator } from '../support/use-emulator.ts';
import { GITHUB_REPOSITORY, GITHUB_TOKEN } from './github.ts';

const github = useGitHubEmulator();
const DEPLOYMENTS = `/repos/${GITHUB_REPOSITORY}/deployments`;

async function post(path: string, body: unknown, token: string | null = GITHUB_TOKEN) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== null) headers.authorization = `token ${token}`;
  const response = await fetch(github.origin + path, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function deploymentId(): Promise<number> {
  const created = await post(DEPLOYMENTS, { ref: 'abc', environment: 'prod', task: 'publish-agent' });
  expect(created.status).toBe(201);
  return Number(created.json.id);
}

describe('GitHub emulator', () => {
  it('creates a deployment and records its statuses in order', async () => {
    const id = await deploymentId();
    for (const state of ['in_progress', 'success']) {
      expect((await post(`${DEPLOYMENTS}/${id}/statuses`, { state, description: state })).status).toBe(201);
    }
    expect(github.deployments.get(id)).toMatchObject({
      ref: 'abc',
      environment: 'prod',
      task: 'publish-agent',
      statuses: [{ state: 'in_progress' }, { state: 'success' }],
    });
    expect(github.requests.map((request) => request.path)).toEqual([
      DEPLOYMENTS,
      `${DEPLOYMENTS}/${id}/statuses`,
      `${DEPLOYMENTS}/${id}/statuses`,
    ]);
  });

  it('answers 401 without the token and 404 for another repository or deployment', async () => {
    expect((await post(DEPLOYMENTS, { ref: 'abc' }, null)).status).toBe(401);
    expect((await post(DEPLOYMENTS, { ref: 'abc' }, 'ghs_wrong')).json.message).toBe('Bad credentials');
    expect((await post('/repos/other/repo/deployments', { ref: 'abc' })).status).toBe(404);
    expect((await post(`${DEPLOYMENTS}/999/statuses`, { state: 'success' })).status).toBe(404);
    expect(github.deployments.size).toBe(0);
  });

  it('answers 422 for fields GitHub refuses', async () => {
    const id = await deploymentId();
    expect((await post(DEPLOYMENTS, { environment: 'prod' })).status).toBe(422);
    expect((await post(DEPLOYMENTS, { ref: 'abc', required_contexts: 'ci' })).status).toBe(422);
    expect((await post(`${DEPLOYMENTS}/${id}/statuses`, { state: 'done' })).status).toBe(422);
    const long = { state: 'success', description: 'd'.repeat(141) };
    expect((await post(`${DEPLOYMENTS}/${id}/statuses`, long)).status).toBe(422);
    expect(github.deployments.get(id)?.statuses).toEqual([]);
  });

  it('answers a fault for matching paths until reset', async () => {
    github.fail({ status: 403, path: /\/statuses$/ });
    const id = await deploymentId();
    const refused = await post(`${DEPLOYMENTS}/${id}/statuses`, { state: 'success' });
    expect(refused).toMatchObject({
      status: 403,
      json: { message: 'Resource not accessible by integration' },
    });
    github.reset();
    expect((await post(DEPLOYMENTS, { ref: 'abc' })).status).toBe(201);
  });

  it('drops connections when told GitHub is down', async () => {
    github.fail({ drop: true });
    await expect(post(DEPLOYMENTS, { ref: 'abc' })).rejects.toThrow();
  });
});
