// recordDeployment against the GitHub emulator over real HTTP: the order of the records around the
// publish, one deployment per agent, and the dashboard link of an adapter that documents one.
import { describe, expect, it } from 'vitest';
import { createDeploymentTracker, outcomeOf, recordDeployment } from '../../src/action/deployments.ts';
import { readInputs, type PublishRequest } from '../../src/inputs/index.ts';
import type { Logger } from '../../src/log.ts';
import { providers } from '../../src/providers/index.ts';
import type { ProviderAdapter } from '../../src/providers/types.ts';
import { renderFailure } from '../../src/publish/failure.ts';
import type { AgentReport } from '../../src/publish/report.ts';
import { GITHUB_REPOSITORY, GITHUB_TOKEN } from '../emulator/github.ts';
import { KEYS, RETELL } from '../emulator/seed.ts';
import { TAG_PUSH } from '../support/trigger.ts';
import { useGitHubEmulator } from '../support/use-emulator.ts';
import { failureOf } from '../support/failure.ts';
import { virtualClock } from '../support/virtual-clock.ts';

const github = useGitHubEmulator();
const SHA = TAG_PUSH.sha;

function request(inputs: Record<string, string>, registry: readonly ProviderAdapter[] = providers) {
  const values: Record<string, string> = {
    provider: 'retell',
    'api-key': KEYS.retell,
    environment: 'retell-production',
    'github-token': GITHUB_TOKEN,
    ...inputs,
  };
  const parsed = readInputs(
    { input: (name) => values[name] ?? '', env: () => undefined, clock: virtualClock() },
    TAG_PUSH,
    registry,
  );
  const [only] = parsed.requests;
  if (only === undefined) throw new Error('no request');
  return only;
}

function tracker(warnings: string[] = []) {
  const log: Logger = {
    info: () => undefined,
    notice: () => undefined,
    debug: () => undefined,
    warning: (message) => {
      warnings.push(message);
    },
  };
  return createDeploymentTracker(
    { apiUrl: github.origin, repository: GITHUB_REPOSITORY, sha: SHA, runUrl: TAG_PUSH.runUrl },
    log,
  );
}

function published(of: PublishRequest, version = '2'): AgentReport {
  return {
    provider: of.adapter.name,
    providerName: of.adapter.displayName,
    agentId: of.target.agentId,
    operation: 'publish',
    status: 'published',
    version,
    description: of.target.description,
  };
}

function statesOf(id: string | undefined): string[] {
  return github.deployments.get(Number(id))?.statuses.map((status) => status.state) ?? [];
}

describe('recordDeployment', () => {
  it('creates the deployment, in progress, once the plan is known and before any write; successful after', async () => {
    const one = request({ 'agent-id': RETELL.withDraft });
    let seenBeforePlan: string[][] = [];
    let seenAfterPlan: string[][] = [];
    const states = () => [...github.deployments.values()].map((d) => d.statuses.map((s) => s.state));
    const report = await recordDeployment(tracker(), one, async (_recorded, hooks) => {
      seenBeforePlan = states();
      await hooks.planned?.({ release: { number: '2' } });
      seenAfterPlan = states();
      return published(one);
    });
    expect(seenBeforePlan).toEqual([]);
    expect(seenAfterPlan).toEqual([['in_progress']]);
    expect(statesOf(report.deploymentId)).toEqual(['in_progress', 'success']);
    const deployment = github.deployments.get(Number(report.deploymentId));
    expect(deployment?.ref).toBe(SHA);
    expect(deployment?.payload).toMatchObject({ released: '2' });
  });

  it('still records a publish that failed before its plan was known', async () => {
    const one = request({ 'agent-id': RETELL.withDraft });
    const failed: AgentReport = {
      ...published(one),
      status: 'failed',
      error: failureOf('no such agent', 'h', { provider: 'Langdock', agent: 'a-1' }),
    };
    const report = await recordDeployment(tracker(), one, () => Promise.resolve(failed));
    expect(statesOf(report.deploymentId)).toEqual(['in_progress', 'failure']);
  });

  it('gives every agent of a run its own deployment', async () => {
    const shared = tracker();
    const agents = [RETELL.withDraft, RETELL.allPublished, RETELL.manyVersions].map((id) =>
      request({ 'agent-id': id }),
    );
    const reports = await Promise.all(
      agents.map((one) => recordDeployment(shared, one, () => Promise.resolve(published(one)))),
    );
    const ids = reports.map((report) => report.deploymentId);
    expect(new Set(ids).size).toBe(3);
    for (const [i, report] of reports.entries()) {
      const deployment = github.deployments.get(Number(report.deploymentId));
      expect(deployment?.payload).toMatchObject({ agent: agents[i]?.target.agentId });
      expect(deployment?.statuses.map((status) => status.state)).toEqual(['in_progress', 'success']);
    }
  });

  it("links the provider's dashboard page on success where the adapter documents one", async () => {
    const retell = providers.find((adapter) => adapter.name === 'retell');
    if (retell === undefined) throw new Error('no retell adapter');
    const withDashboard: ProviderAdapter = {
      ...retell,
      dashboardUrl: (agentId) => `https://dashboard.example/agents/${agentId}`,
    };
    const one = request({ 'agent-id': RETELL.withDraft }, [withDashboard]);
    const report = await recordDeployment(tracker(), one, () => Promise.resolve(published(one)));
    const statuses = github.deployments.get(Number(report.deploymentId))?.statuses;
    expect(statuses?.[0]?.environmentUrl).toBeUndefined();
    expect(statuses?.[1]?.environmentUrl).toBe(`https://dashboard.example/agents/${RETELL.withDraft}`);
    expect(statuses?.[1]?.logUrl).toBe(TAG_PUSH.runUrl);
  });

  it('shortens descriptions to the 140 characters GitHub takes', async () => {
    const one = request({ 'agent-id': `agent_${'a'.repeat(122)}` });
    const warnings: string[] = [];
    const report = await recordDeployment(tracker(warnings), one, () => Promise.resolve(published(one, '7')));
    expect(warnings).toEqual([]);
    const statuses = github.deployments.get(Number(report.deploymentId))?.statuses ?? [];
    // "publish retell <128-character id>" is 143 characters; "retell <id> v7" is 138 and fits.
    expect(statuses.map((status) => status.description.length)).toEqual([140, 138]);
    expect(statuses[0]?.description.endsWith('…')).toBe(true);
  });

  it('records nothing without environment or on a dry run', async () => {
    for (const inputs of [{ environment: '' }, { 'dry-run': 'true' }]) {
      const one = request({ 'agent-id': RETELL.withDraft, ...inputs });
      const report = await recordDeployment(tracker(), one, () => Promise.resolve(published(one)));
      expect(report.deploymentId).toBeUndefined();
    }
    expect(github.requests).toEqual([]);
  });
});

describe('outcomeOf', () => {
  const base: AgentReport = {
    provider: 'langdock',
    providerName: 'Langdock',
    agentId: 'a-1',
    operation: 'publish',
    status: 'published',
    description: '',
  };

  it('names the version as v<number>, or as the provider spells it', () => {
    expect(outcomeOf({ ...base, version: '4' }).description).toBe('langdock a-1 v4');
    expect(outcomeOf({ ...base, version: 'v2024-06' }).description).toBe('langdock a-1 v2024-06');
    expect(outcomeOf(base).description).toBe('langdock a-1');
  });

  it("fails with the failure's first line, rendered without the agent", () => {
    const error = failureOf('not live\nsecond line', 'h', {
      provider: 'Langdock',
      agent: 'a-1',
      step: 'verify',
      stepText: 'checking the result failed',
    });
    // The message names the agent; the record, which is about the agent already, does not.
    expect(error.message).toBe(renderFailure(error));
    expect(error.message).not.toBe(renderFailure(error, false));
    expect(outcomeOf({ ...base, status: 'failed', error })).toEqual({
      state: 'failure',
      description: 'Checking the result failed: not live',
    });
  });

  it('fails an unchanged publish that on-unchanged: fail turned into an error', () => {
    const error = failureOf('nothing to publish: no draft changes.', 'h', {
      agent: 'a-1',
      step: 'unchanged',
    });
    expect(outcomeOf({ ...base, status: 'unchanged', error }).state).toBe('failure');
  });
});

describe('the warning when GitHub does not record a publish', () => {
  async function warningsOf(context: { repository?: string } = {}): Promise<string[]> {
    const warnings: string[] = [];
    const log: Logger = {
      info: () => undefined,
      notice: () => undefined,
      debug: () => undefined,
      warning: (message) => warnings.push(message),
    };
    const run = { apiUrl: github.origin, repository: GITHUB_REPOSITORY, sha: SHA, runUrl: TAG_PUSH.runUrl };
    const one = request({ 'agent-id': RETELL.withDraft });
    await recordDeployment(
      createDeploymentTracker({ ...run, ...context }, log),
      one,
      async (_recorded, hooks) => {
        await hooks.planned?.({ release: { number: '2' } });
        return published(one);
      },
    );
    return warnings;
  }

  it('says which deployment, that GitHub did not answer, and that the publish is not affected', async () => {
    github.fail({ drop: true });
    const [warning, ...others] = await warningsOf();
    expect(others).toEqual([]);
    expect(warning).toContain(
      `Could not create the GitHub deployment for Retell agent ${RETELL.withDraft} in environment "retell-production"`,
    );
    expect(warning).toContain(`the GitHub API at ${github.origin} did not answer`);
    expect(warning).toContain('The publish itself is not affected.');
  });

  it("quotes GitHub's 403 and names the permission to add", async () => {
    github.fail({ status: 403 });
    const [warning] = await warningsOf();
    expect(warning).toContain('GitHub answered HTTP 403 (Resource not accessible by integration');
    expect(warning).toContain(
      'The token lacks the `deployments: write` permission: add `permissions: deployments: write` (and `contents: read`) to the job',
    );
  });

  it('names the status it could not set', async () => {
    github.fail({ status: 502, path: /\/statuses$/ });
    const [inProgress = '', success = ''] = await warningsOf();
    const [deployment] = [...github.deployments.values()];
    expect(inProgress).toContain(`Could not mark GitHub deployment ${String(deployment?.id)} in progress`);
    expect(success).toContain(`Could not mark GitHub deployment ${String(deployment?.id)} as success`);
    expect(success).toContain(
      'GitHub answered HTTP 502 (Bad Gateway - https://docs.github.com/rest/deployments)',
    );
  });

  it('says an endless answer was cut, not read', async () => {
    github.fail({ endless: true });
    const [warning] = await warningsOf();
    expect(warning).toContain('its answer was larger than 1 MiB and was not read');
  });

  it('outside a GitHub Actions run, names the variables that are not set', async () => {
    const [warning] = await warningsOf({ repository: '' });
    expect(warning).toContain('GITHUB_REPOSITORY and GITHUB_SHA are not set');
  });
});
