// Retell phone numbers through the action in-process: a pinned number follows a publish, a canary then its
// promotion, rollbacks (from a canary, from the GitHub deployment history), a number of another agent
// refused with no write, and a PATCH whose answer was lost, read again before any re-send.
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { DIGA, KEYS, RETELL, RETELL_PHONES } from '../emulator/seed.ts';
import { routesSection } from '../../src/action/summary-routes.ts';
import { trafficSection } from '../../src/action/summary-traffic.ts';
import type { AgentReport } from '../../src/publish/report.ts';
import { doubts, resultError } from '../support/outcome.ts';
import type { ActionRun } from '../support/run-action.ts';
import { runInProcess as runAction } from '../support/run-in-process.ts';
import { AGENT, PINNED, useRoutingRuns, withEnvironment } from '../support/routing-runs.ts';

const { emulator, run, sent, writes, github, inbound, routing } = useRoutingRuns(runAction);
const PINNED_PATH = `/get-phone-number/${PINNED}`;

/** The summary shows the route changes as src/action/summary-traffic.ts renders them from the report. */
function expectTrafficShown(result: ActionRun): void {
  const section = trafficSection(result.result as unknown as AgentReport, false);
  expect(section).toBeDefined();
  expect(result.summary).toContain(section);
}

describe('routing phone numbers', () => {
  it('sends 10 % to the new version, then promotes it to all calls', async () => {
    const canary = await routing({ 'traffic-percent': '10' });
    expect(canary.exitCode).toBe(0);
    expect(inbound(PINNED)).toEqual([
      { agent_id: AGENT, agent_version: 2, weight: 0.1 },
      { agent_id: AGENT, agent_version: 1, weight: 0.9 },
    ]);
    expectTrafficShown(canary);

    const promote = await routing({ 'traffic-percent': '100' });
    expect(promote.outputs.status).toBe('published');
    expect(inbound(PINNED)).toEqual([{ agent_id: AGENT, agent_version: 2, weight: 1 }]);
  });

  it('keeps the weights of another agent on a shared number', async () => {
    const result = await routing({ 'phone-numbers': RETELL_PHONES.sharedAB, 'traffic-percent': '10' });
    expect(result.exitCode).toBe(0);
    expect(inbound(RETELL_PHONES.sharedAB)).toEqual([
      { agent_id: AGENT, agent_version: 2, weight: 0.05 },
      { agent_id: AGENT, agent_version: 1, weight: 0.45 },
      { agent_id: RETELL.allPublished, agent_version: 3, weight: 0.5 },
    ]);
  });

  it('leaves a number on latest_published alone at 100 %, and pins it for a canary', async () => {
    const follows = await routing({ 'phone-numbers': RETELL_PHONES.followsLatest });
    expect(follows.outputs.status).toBe('published');
    expect(writes().map((request) => request.path)).toEqual([`/publish-agent-version/${AGENT}`]);
    // The number stays on latest_published: its route says so, and the summary shows it.
    expect(follows.outputs.traffic).toContain('latest_published');
    expectTrafficShown(follows);

    emulator.reset();
    await routing({ 'phone-numbers': RETELL_PHONES.followsLatest, 'traffic-percent': '25' });
    expect(inbound(RETELL_PHONES.followsLatest)).toEqual([
      { agent_id: AGENT, agent_version: 2, weight: 0.25 },
      { agent_id: AGENT, agent_version: 1, weight: 0.75 },
    ]);
  });

  it('refuses a number of another agent before any write', async () => {
    const result = await routing({ 'phone-numbers': `${PINNED},${RETELL_PHONES.otherAgent}` });
    expect(result.exitCode).toBe(1);
    expect(writes()).toEqual([]);
    const error = resultError(result);
    expect(error).toMatchObject({ provider: 'Retell', step: 'plan' });
    expect(error.cause).toContain(RETELL_PHONES.otherAgent);
    expect(inbound(PINNED)).toEqual([{ agent_id: AGENT, agent_version: 1, weight: 1 }]);
  });

  it('names the number, not the agent, when Retell has no such number, before any write', async () => {
    const result = await routing({ 'phone-numbers': `${PINNED},+14155550199` });
    expect(result.exitCode).toBe(1);
    expect(writes()).toEqual([]);
    const error = result.result.error as { message: string; hint: string };
    expect(error.message).toContain('+14155550199');
    expect(error.hint).toContain('phone-numbers');
    expect(error.hint).not.toContain('agent-id');
  });

  it('shows the routing a dry run would apply, and writes nothing', async () => {
    const result = await routing({ 'traffic-percent': '10', 'dry-run': 'true' });
    expect(result.outputs.status).toBe('dry-run');
    expect(writes()).toEqual([]);
    expect(result.summary).toContain(`PATCH ${emulator.baseUrls.retell}/update-phone-number/${PINNED}`);
    expect(result.summary).toContain('"weight": 0.9');
    const [route] = JSON.parse(result.outputs.traffic ?? '') as { after: unknown }[];
    expect(route?.after).toEqual([
      { version: '2', weight: '0.1' },
      { version: '1', weight: '0.9' },
    ]);
  });
});

describe('rollback', () => {
  it('puts back the other version of a canary in progress', async () => {
    await routing({ 'traffic-percent': '10' });
    emulator.requests.length = 0;
    const result = await routing({ operation: 'rollback' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('rolled-back');
    expect(result.outputs.version).toBe('1');
    expect(inbound(PINNED)).toEqual([{ agent_id: AGENT, agent_version: 1, weight: 1 }]);
    expect(writes().map((request) => request.path)).toEqual([`/update-phone-number/${PINNED}`]);
    // Where the version came from: the canary on the number, shown in the summary.
    expect(result.result.rollbackFrom).toContain(PINNED);
    expect(result.summary).toContain(String(result.result.rollbackFrom));
  });

  it('refuses a version that was never published', async () => {
    const result = await routing({ operation: 'rollback', version: '2' });
    expect(result.exitCode).toBe(1);
    expect(writes()).toEqual([]);
    expect(resultError(result)).toMatchObject({ provider: 'Retell', operation: 'rollback', step: 'plan' });
  });
});

describe('a route write that fails after the publish', () => {
  it('says the version is published and that a re-run only routes', async () => {
    emulator.failNext({ provider: 'retell', method: 'PATCH', status: 400, body: { message: 'bad list' } });
    const result = await routing({});
    expect(result.exitCode).toBe(1);
    // The publish went through; the route write's refusal is the cause.
    expect(emulator.state.retell.agents.get(AGENT)?.versions[2]?.is_published).toBe(true);
    const error = resultError(result);
    expect(error).toMatchObject({ provider: 'Retell', step: 'apply' });
    expect(error.cause).toContain('bad list');
    emulator.requests.length = 0;
    const again = await routing({});
    expect(again.outputs.status).toBe('published');
    expect(writes().map((request) => request.method)).toEqual(['PATCH']);
  });
});

describe('a lost answer to a route write', () => {
  it('reads the number again and sends no second PATCH when the first one landed', async () => {
    emulator.disruptNext({ provider: 'retell', method: 'PATCH', disruption: 'lost-response' });
    const result = await routing({ 'traffic-percent': '10' });
    expect(result.exitCode).toBe(0);
    const patches = writes().filter((request) => request.method === 'PATCH');
    expect(patches).toHaveLength(1);
    const afterPatch = sent().slice(sent().indexOf(`PATCH /retell/update-phone-number/${PINNED}`));
    expect(afterPatch[1]).toBe(`GET /retell${PINNED_PATH}`);
    // The doubt is a warning; the re-read found the PATCH landed.
    expect(doubts(result, `PATCH /update-phone-number/${PINNED}`)).toHaveLength(1);
    expect(inbound(PINNED)).toEqual([
      { agent_id: AGENT, agent_version: 2, weight: 0.1 },
      { agent_id: AGENT, agent_version: 1, weight: 0.9 },
    ]);
  });

  it('sends it again after the re-read shows it did not land', async () => {
    emulator.disruptNext({ provider: 'retell', method: 'PATCH', disruption: 'reset' });
    const result = await routing({});
    expect(result.exitCode).toBe(0);
    const trail = sent().filter((line) => line.includes('phone-number'));
    expect(trail.slice(0, -2)).toEqual([
      `GET /retell${PINNED_PATH}`,
      // Read again right before the write.
      `GET /retell${PINNED_PATH}`,
      `PATCH /retell/update-phone-number/${PINNED}`,
      `GET /retell${PINNED_PATH}`,
      `PATCH /retell/update-phone-number/${PINNED}`,
    ]);
    // The route read back, and where calls go (every number of the workspace, read once after the
    // step), at once: in either order.
    expect(trail.slice(-2).toSorted()).toEqual(
      [`GET /retell${PINNED_PATH}`, 'GET /retell/v2/list-phone-numbers?limit=1000'].toSorted(),
    );
    expect(inbound(PINNED)).toEqual([{ agent_id: AGENT, agent_version: 2, weight: 1 }]);
  });
});

describe('Diga rollback: publishing an earlier version', () => {
  const diga = (inputs: Record<string, string>) =>
    run('diga', { 'agent-id': DIGA.withNewVersion, ...inputs }, { GITHUB_API_URL: github.origin });
  const published = () => emulator.state.diga.agents.get(DIGA.withNewVersion)?.published_version_id;

  it('publishes the version given', async () => {
    const result = await diga({ operation: 'rollback', version: 'v1' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('rolled-back');
    expect(result.outputs['previous-version']).toBe('2');
    expect(result.outputs.version).toBe('1');
    expect(published()).toBe(DIGA.withNewVersionIds[1]);
  });

  it('publishes the version of the previous GitHub deployment', async () => {
    expect((await diga({ ...withEnvironment, version: 'v2' })).outputs.status).toBe('unchanged');
    expect((await diga({ ...withEnvironment, version: 'v3' })).outputs.status).toBe('published');
    const result = await diga({ ...withEnvironment, operation: 'rollback' });
    expect(result.outputs.status).toBe('rolled-back');
    expect(published()).toBe(DIGA.withNewVersionIds[2]);
  }, 30_000);
});

describe('a manifest entry', () => {
  it('routes its numbers like a single agent, and the traffic output names the entry', async () => {
    const manifest = stringify([
      {
        name: 'front-desk',
        provider: 'retell',
        'agent-id': AGENT,
        'base-url': emulator.baseUrls.retell,
        'phone-numbers': PINNED,
        'traffic-percent': '10',
      },
      {
        name: 'billing',
        provider: 'retell',
        'agent-id': RETELL.allPublished,
        'base-url': emulator.baseUrls.retell,
      },
    ]);
    const result = await runAction({ manifest }, { RETELL_API_KEY: KEYS.retell });
    expect(result.exitCode).toBe(0);
    expect(inbound(PINNED)).toEqual([
      { agent_id: AGENT, agent_version: 2, weight: 0.1 },
      { agent_id: AGENT, agent_version: 1, weight: 0.9 },
    ]);
    const traffic = JSON.parse(result.outputs.traffic ?? '') as { name: string; agentId: string }[];
    expect(traffic.map(({ name, agentId }) => ({ name, agentId }))).toEqual([
      { name: 'front-desk', agentId: AGENT },
    ]);
    // Where calls go, per agent that wrote something; billing had nothing to publish.
    const routes = JSON.parse(result.outputs.routes ?? '') as {
      name: string;
      routes: { target: string; asked: boolean }[];
    }[];
    expect(routes.map(({ name }) => name)).toEqual(['front-desk']);
    expect(routes[0]?.routes).toContainEqual(expect.objectContaining({ target: PINNED, asked: true }));
    const [frontDesk] = JSON.parse(result.outputs.result ?? '[]') as AgentReport[];
    if (frontDesk === undefined) throw new Error('no report');
    expect(result.summary).toContain(routesSection(frontDesk, true));
  });
});
