// Routes the step cannot read, or could not write back exactly, stop it before any write: a shared number
// in two manifest entries, an ElevenLabs live split that does not decode, branch names that do not say which
// branch, stored Retell weights that do not add up to 1; and weights are sent so that the list adds up to
// exactly 1 whatever the other agents' entries hold.
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ELEVENLABS, elevenLabsBranchId, KEYS, RETELL, RETELL_PHONES } from '../emulator/seed.ts';
import { useInProcess } from '../support/in-process.ts';
import { annotations, resultError } from '../support/outcome.ts';
import { runInProcess } from '../support/run-in-process.ts';

const { emulator, run, writes } = useInProcess();
const AGENT = RETELL.withDraft;
const SHARED = RETELL_PHONES.sharedAB;

function setInbound(number: string, list: { agent_id: string; agent_version: number; weight: number }[]) {
  const phone = emulator.state.retell.phoneNumbers.get(number);
  if (phone === undefined) throw new Error(`no number ${number}`);
  phone.inbound_agents = list;
}

const canary = () => run('retell', { 'agent-id': AGENT, 'phone-numbers': SHARED, 'traffic-percent': '10' });

/** The inbound weights of the route PATCH, as sent. */
function sentWeights(): number[] {
  const patch = writes().find((request) => request.method === 'PATCH');
  const body = patch?.json as { inbound_agents: { weight: number }[] } | undefined;
  return body?.inbound_agents.map((entry) => entry.weight) ?? [];
}

describe('two manifest entries on one Retell number', () => {
  it('are refused before any request, naming both entries and the number', async () => {
    const entry = (name: string, agentId: string) => ({
      name,
      provider: 'retell',
      'agent-id': agentId,
      'base-url': emulator.baseUrls.retell,
      'phone-numbers': SHARED,
      'traffic-percent': '10',
    });
    const manifest = stringify([entry('front', AGENT), entry('back', RETELL.allPublished)]);
    const result = await runInProcess({ manifest }, { RETELL_API_KEY: KEYS.retell });
    expect(result.exitCode).toBe(1);
    expect(emulator.requests).toEqual([]);
    // One error, naming the number and both entries.
    const [error = '', ...others] = annotations(result.stdout, 'error');
    expect(others).toEqual([]);
    for (const named of [SHARED, '"front"', '"back"']) expect(error).toContain(named);
  });
});

describe('Retell weights', () => {
  it.each([
    ['another agent at 1/3', 0.6666666667, 0.3333333333],
    ['another agent at 4e-7', 0.9999996, 4e-7],
  ])('add up to exactly 1 as sent, with %s', async (_case, own, other) => {
    setInbound(SHARED, [
      { agent_id: AGENT, agent_version: 1, weight: own },
      { agent_id: RETELL.allPublished, agent_version: 3, weight: other },
    ]);
    const result = await canary();
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.outputs.status).toBe('published');
    const weights = sentWeights();
    expect(weights).toHaveLength(3);
    expect(weights.reduce((sum, weight) => sum + weight, 0)).toBe(1);
  });

  it('that add up to 1.5 as stored are refused before the publish', async () => {
    setInbound(SHARED, [
      { agent_id: AGENT, agent_version: 1, weight: 1 },
      { agent_id: RETELL.allPublished, agent_version: 3, weight: 0.5 },
    ]);
    const result = await canary();
    expect(result.exitCode).toBe(1);
    expect(writes()).toEqual([]);
    // What they add up to is in the failure, found while planning.
    const error = resultError(result);
    expect(error).toMatchObject({ provider: 'Retell', step: 'plan' });
    expect(error.cause).toContain('1.5');
  });

  it('that cannot be sent so that they add up to 1 are refused before the publish', async () => {
    setInbound(SHARED, [
      { agent_id: AGENT, agent_version: 1, weight: 0 },
      { agent_id: RETELL.allPublished, agent_version: 3, weight: 0.5000002 },
      { agent_id: 'agent_third', agent_version: 1, weight: 0.5000002 },
    ]);
    const result = await canary();
    expect(result.exitCode).toBe(1);
    expect(writes()).toEqual([]);
    const error = resultError(result);
    expect(error).toMatchObject({ provider: 'Retell', step: 'plan' });
    // The other agents' entries that leave no room are named.
    expect(error.cause).toContain('agent_third');
  });
});

describe('an ElevenLabs live split that cannot be read', () => {
  const id = ELEVENLABS.withDraft;
  const agent = () => {
    const found = emulator.state.elevenlabs.agents.get(id);
    if (found === undefined) throw new Error('no agent');
    return found;
  };
  const publish = (inputs: Record<string, string> = {}) =>
    run('elevenlabs', { 'agent-id': id, branch: 'experiment', 'traffic-percent': '10', ...inputs });

  it.each([
    ['has no map', undefined],
    ['maps a branch to text', { [elevenLabsBranchId(id, 'main')]: '1' }],
  ])('stops before any write when the active deployment %s', async (_case, map) => {
    const [active] = agent().deployments;
    if (active === undefined) throw new Error('no deployment');
    (active as { traffic_percentage_branch_id_map: unknown }).traffic_percentage_branch_id_map = map;
    const result = await publish();
    expect(result.exitCode).toBe(1);
    expect(writes()).toEqual([]);
    expect(result.outputs.status).toBe('failed');
  });

  it('refuses a branch name two branches have, with the id of each', async () => {
    const experiment = agent().branches.find((branch) => branch.name === 'experiment');
    if (experiment === undefined) throw new Error('no experiment branch');
    const twin = { ...experiment, id: elevenLabsBranchId(id, 'twin') };
    agent().branches.push(twin);
    const result = await publish();
    expect(result.exitCode).toBe(1);
    expect(writes()).toEqual([]);
    const { cause } = resultError(result);
    expect(cause).toContain(experiment.id);
    expect(cause).toContain(twin.id);
  });
});
