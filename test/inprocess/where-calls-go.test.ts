// Where calls go, after every write: every route that serves the agent is read back (named in the step or
// not) and shown in the summary and the `routes` output; a route the step asked for that serves another
// version fails the step. Each reading of the providers' routing open points (shared/providers.md §14)
// ends correct, or fails loudly naming the route.
import { describe, expect, it } from 'vitest';
import {
  DIGA,
  ELEVENLABS,
  LANGDOCK,
  RETELL,
  RETELL_PHONES,
  RETELL_TAG,
  elevenLabsBranchId,
} from '../emulator/seed.ts';
import type { RouteRecord } from '../../src/routing/where.ts';
import { GITHUB_TOKEN } from '../emulator/github.ts';
import { routesSection } from '../../src/action/summary-routes.ts';
import type { AgentReport } from '../../src/publish/report.ts';
import { useInProcess } from '../support/in-process.ts';
import { annotations, resultError, statusHint } from '../support/outcome.ts';
import type { ActionRun } from '../support/run-action.ts';
import { useGitHubEmulator } from '../support/use-emulator.ts';

const { emulator, run, writes } = useInProcess();
const github = useGitHubEmulator();

function routesOf(outputs: Record<string, string>): RouteRecord[] {
  return JSON.parse(outputs.routes ?? '[]') as RouteRecord[];
}

function route(outputs: Record<string, string>, target: string): RouteRecord | undefined {
  return routesOf(outputs).find((record) => record.target === target);
}

/** The summary shows where calls go as src/action/summary-routes.ts renders it from the report. */
function expectRoutesShown(result: ActionRun): void {
  const section = routesSection(result.result as unknown as AgentReport, false);
  expect(section).toBeDefined();
  expect(result.summary).toContain(section);
}

describe('Retell: every number that routes to the agent', () => {
  const AGENT = RETELL.withDraft;
  const numbers = () => emulator.state.retell.phoneNumbers;
  const setInbound = (number: string, version: number | string) => {
    const phone = numbers().get(number);
    if (phone === undefined) throw new Error(`no number ${number}`);
    phone.inbound_agents = [{ agent_id: AGENT, agent_version: version, weight: 1 }];
  };

  it('lists the numbers the step named and the ones it did not, marking those that miss the release', async () => {
    const result = await run('retell', {
      'agent-id': AGENT,
      'phone-numbers': RETELL_PHONES.pinned,
      'traffic-percent': '10',
    });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(route(result.outputs, RETELL_PHONES.pinned)).toMatchObject({ asked: true, servesAsked: true });
    // Pinned to version 1 and not in the step: listed, marked, and the step stays green.
    expect(route(result.outputs, RETELL_PHONES.pinnedBoth)).toMatchObject({
      asked: false,
      servesAsked: false,
    });
    // latest_published follows the publish.
    expect(route(result.outputs, RETELL_PHONES.followsLatest)).toMatchObject({
      asked: false,
      servesAsked: true,
      note: 'resolves latest_published → 2',
    });
    expect(route(result.outputs, RETELL_PHONES.otherAgent)).toBeUndefined();
    expectRoutesShown(result);
    // A number outside the step that follows latest_published took all of its calls to the canary: said so,
    // naming the inputs that would have split it.
    const { warning = '' } = route(result.outputs, RETELL_PHONES.followsLatest) ?? {};
    for (const input of ['traffic-percent', 'phone-numbers']) expect(warning).toContain(input);
  });

  it.each(['no-new-version', 'new-draft'] as const)(
    'refuses a canary that would keep calls on latest, before any write [retellAfterPublish=%s]',
    async (after) => {
      emulator.setReadings({ retellAfterPublish: after });
      setInbound(RETELL_PHONES.pinned, 'latest');
      const result = await run('retell', {
        'agent-id': AGENT,
        'phone-numbers': RETELL_PHONES.pinned,
        'traffic-percent': '10',
      });
      expect(result.exitCode).toBe(1);
      expect(writes()).toEqual([]);
      const error = resultError(result);
      expect(error).toMatchObject({ provider: 'Retell', step: 'plan' });
      expect(error.cause).toContain('"latest"');
      expect(error.hint).toContain(RETELL_PHONES.pinned);
    },
  );

  it.each([
    ['no-new-version', true],
    ['new-draft', false],
  ] as const)(
    'shows where a number on latest goes after the publish [retellAfterPublish=%s]',
    async (after, servesRelease) => {
      emulator.setReadings({ retellAfterPublish: after });
      setInbound(RETELL_PHONES.pinnedBoth, 'latest');
      const result = await run('retell', { 'agent-id': AGENT, 'phone-numbers': RETELL_PHONES.pinned });
      expect(result.exitCode, result.stdout).toBe(0);
      // Not named by the step: the number is shown with what latest resolves to now (the new draft 3, or 2).
      expect(route(result.outputs, RETELL_PHONES.pinnedBoth)).toMatchObject({
        asked: false,
        servesAsked: servesRelease,
        note: `resolves latest → ${servesRelease ? 2 : 3}`,
      });
    },
  );

  it.each([
    ['assigned', false, `resolves ${RETELL_TAG} → 1`],
    ['unassigned', true, `resolves ${RETELL_TAG} (unassigned) → latest → 2`],
  ] as const)(
    'refuses a canary that keeps calls on a tag, and shows what the tag serves after a publish [retellTag=%s]',
    async (reading, servesRelease, note) => {
      emulator.setReadings({ retellTag: reading });
      setInbound(RETELL_PHONES.pinned, RETELL_TAG);
      const canary = await run('retell', {
        'agent-id': AGENT,
        'phone-numbers': RETELL_PHONES.pinned,
        'traffic-percent': '10',
      });
      // A tag can be moved later: a canary never keeps a share on one, whatever it serves now.
      expect(canary.exitCode).toBe(1);
      expect(writes()).toEqual([]);

      setInbound(RETELL_PHONES.pinnedBoth, RETELL_TAG);
      const publish = await run('retell', {
        'agent-id': AGENT,
        'phone-numbers': RETELL_PHONES.followsLatest,
      });
      expect(publish.exitCode, publish.stdout).toBe(0);
      // The tag stays on version 1 (assigned), or resolves to latest: version 2, the one just published.
      const inbound = routesOf(publish.outputs).find(
        (record) => record.target === RETELL_PHONES.pinnedBoth && record.direction === 'inbound',
      );
      expect(inbound).toMatchObject({ asked: false, servesAsked: servesRelease, note });
    },
  );

  it('shows a tag as unknown where the version list carries no assigned_tags', async () => {
    setInbound(RETELL_PHONES.pinnedBoth, RETELL_TAG);
    const step = { 'agent-id': AGENT, 'phone-numbers': RETELL_PHONES.followsLatest };
    expect((await run('retell', step)).exitCode).toBe(0);
    // The same list as the emulator's after that publish, without the field (the SDK's list item lacks it).
    const published = (version: number) => ({ version, is_published: true, last_modification_timestamp: 0 });
    emulator.failNext({
      provider: 'retell',
      method: 'GET',
      path: `/list-agent-versions/${AGENT}`,
      times: 100,
      status: 200,
      body: { items: [2, 1, 0].map(published), has_more: false },
    });
    // A route change after the publish (another number to version 2): where calls go is read again.
    const again = await run('retell', { 'agent-id': AGENT, 'phone-numbers': RETELL_PHONES.pinned });
    expect(again.exitCode, again.stdout).toBe(0);
    // Unassigned (→ latest, the release) or on version 1: which one cannot be told, so neither is claimed.
    expect(
      routesOf(again.outputs).find(
        (record) => record.target === RETELL_PHONES.pinnedBoth && record.direction === 'inbound',
      ),
    ).toMatchObject({ servesAsked: 'unknown', note: `resolves ${RETELL_TAG} → unresolved` });
  });

  it.each(['no-new-version', 'new-draft'] as const)(
    'pins a number on latest_published before a canary publish, so the new version never has more than its share [retellAfterPublish=%s]',
    async (after) => {
      emulator.setReadings({ retellAfterPublish: after });
      const number = RETELL_PHONES.followsLatest;
      const result = await run('retell', {
        'agent-id': AGENT,
        'phone-numbers': number,
        'traffic-percent': '10',
      });
      expect(result.exitCode, result.stdout).toBe(0);
      const path = `/update-phone-number/${number}`;
      expect(writes().map((request) => request.path)).toEqual([
        path,
        `/publish-agent-version/${AGENT}`,
        path,
      ]);
      // At the publish, the number served version 1 alone; the route change then gave version 2 its 10 %.
      expect(writes()[0]?.json).toEqual({
        inbound_agents: [{ agent_id: AGENT, agent_version: 1, weight: 1 }],
      });
      expect(numbers().get(number)?.inbound_agents).toEqual([
        { agent_id: AGENT, agent_version: 2, weight: 0.1 },
        { agent_id: AGENT, agent_version: 1, weight: 0.9 },
      ]);
      expect(route(result.outputs, number)).toMatchObject({ asked: true, servesAsked: true });
    },
  );

  it.each(['kept', 'cleared'] as const)(
    'ends with every route of a number as asked, or fails naming the one an update cleared [retellOmittedList=%s]',
    async (reading) => {
      emulator.setReadings({ retellOmittedList: reading });
      const number = RETELL_PHONES.pinnedBoth;
      const phone = numbers().get(number);
      // Outbound serves the release already: only the inbound list is sent, and the outbound one is left out.
      if (phone) phone.outbound_agents = [{ agent_id: AGENT, agent_version: 2, weight: 1 }];
      const result = await run('retell', { 'agent-id': AGENT, 'phone-numbers': number });
      expect(writes().filter((request) => request.path.startsWith('/update-phone-number'))).toHaveLength(1);
      const outbound = routesOf(result.outputs).find(
        (record) => record.target === number && record.direction === 'outbound',
      );
      if (reading === 'kept') {
        expect(result.exitCode, result.stdout).toBe(0);
        expect(outbound).toMatchObject({ asked: true, servesAsked: true });
      } else {
        expect(result.exitCode).toBe(1);
        expect(outbound).toMatchObject({ asked: true, servesAsked: false, serves: [] });
        expect(resultError(result).cause).toContain(`${number} outbound`);
      }
    },
  );

  it('warns, in the log and the summary, of a number whose inbound webhook may override the agent', async () => {
    const phone = numbers().get(RETELL_PHONES.pinned);
    if (phone) phone.inbound_webhook_url = 'https://hooks.example.com/retell';
    const result = await run('retell', { 'agent-id': AGENT, 'phone-numbers': RETELL_PHONES.pinned });
    expect(result.exitCode, result.stdout).toBe(0);
    // A warning on the route, naming the field; in the log and the summary.
    const { warning = '' } = route(result.outputs, RETELL_PHONES.pinned) ?? {};
    expect(warning).toContain('inbound_webhook_url');
    expect(annotations(result.stdout, 'warning')).toEqual([expect.stringContaining(RETELL_PHONES.pinned)]);
    expectRoutesShown(result);
  });
});

describe('ElevenLabs: the split and the numbers pinned to a branch', () => {
  const id = ELEVENLABS.withDraft;
  const experiment = elevenLabsBranchId(id, 'experiment');
  const agent = () => {
    const found = emulator.state.elevenlabs.agents.get(id);
    if (found === undefined) throw new Error('no agent');
    return found;
  };
  const pin = (number: string, branchId?: string) => {
    agent().phone_numbers.push({
      phone_number: number,
      phone_number_id: `phnum_${number.slice(1)}`,
      label: number,
      provider: 'twilio',
      assigned_agent: {
        agent_id: id,
        agent_name: 'Concierge',
        ...(branchId === undefined ? {} : { branch_id: branchId }),
      },
    });
  };

  it('warns of a number pinned to a branch the split leaves at 0 %, and shows one that follows the split', async () => {
    pin('+14155550201', experiment);
    pin('+14155550202');
    const result = await run('elevenlabs', { 'agent-id': id });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(route(result.outputs, 'agent')).toMatchObject({ asked: true, servesAsked: true });
    expect(route(result.outputs, '+14155550201')).toMatchObject({ asked: false, servesAsked: false });
    expect(route(result.outputs, '+14155550202')).toMatchObject({
      servesAsked: true,
      note: 'follows the split',
    });
    // The pinned number's route carries a warning, in the log and the summary.
    expect(route(result.outputs, '+14155550201')?.warning).toBeDefined();
    expect(annotations(result.stdout, 'warning')).toEqual([expect.stringContaining('+14155550201')]);
    expectRoutesShown(result);
  });

  it('names a number pinned to the canary branch when a rollback moves the split away from it', async () => {
    pin('+14155550201', experiment);
    // The rollback's target comes from the releases recorded in the environment.
    const recorded = { 'agent-id': id, environment: 'elevenlabs-production', 'github-token': GITHUB_TOKEN };
    const env = { GITHUB_API_URL: github.origin };
    const canary = await run(
      'elevenlabs',
      { ...recorded, branch: 'experiment', 'traffic-percent': '10' },
      env,
    );
    expect(canary.exitCode, canary.stdout).toBe(0);
    expect(route(canary.outputs, '+14155550201')).toMatchObject({ servesAsked: true });
    // The summary names the branches; the `routes` output keeps their ids.
    expectRoutesShown(canary);
    expect(route(canary.outputs, 'agent')?.serves).toEqual([
      { version: elevenLabsBranchId(id, 'main'), weight: '0.9' },
      { version: experiment, weight: '0.1' },
    ]);
    const rollback = await run('elevenlabs', { ...recorded, operation: 'rollback' }, env);
    expect(rollback.exitCode, rollback.stdout).toBe(0);
    expect(rollback.outputs.status).toBe('rolled-back');
    expect(route(rollback.outputs, '+14155550201')).toMatchObject({ servesAsked: false });
    expect(route(rollback.outputs, '+14155550201')?.warning).toBeDefined();
    expect(annotations(rollback.stdout, 'warning')).toEqual([expect.stringContaining('+14155550201')]);
  });

  it('refuses a draft behind its branch tip before any write, saying how to fix it', async () => {
    const main = agent().branches[0];
    if (main) main.draftBehindTip = true;
    const result = await run('elevenlabs', { 'agent-id': id });
    expect(result.exitCode).toBe(1);
    expect(writes()).toEqual([]);
    // ElevenLabs' own code is the cause; the hint names the branch to rebase.
    const error = resultError(result);
    expect(error).toMatchObject({ provider: 'ElevenLabs', step: 'plan' });
    expect(error.cause).toContain('draft_is_behind_tip');
    expect(error.hint).toContain('main');
  });

  it('says drafts belong to their user when the key sees none on the branch', async () => {
    const result = await run('elevenlabs', { 'agent-id': ELEVENLABS.upToDate });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('unchanged');
    expect(result.summary).toContain(String(result.result.reason));
  });

  it.each(['fraction', 'percent'] as const)(
    'sends the traffic in the scale the deployment history shows [elevenLabsTrafficScale=%s]',
    async (scale) => {
      emulator.setReadings({ elevenLabsTrafficScale: scale });
      const result = await run('elevenlabs', {
        'agent-id': id,
        branch: 'experiment',
        'traffic-percent': '10',
      });
      expect(result.exitCode, result.stdout).toBe(0);
      const shares = (
        writes()[1]?.json as {
          deployment_request: { requests: { deployment_strategy: { traffic_percentage: number } }[] };
        }
      ).deployment_request.requests.map((request) => request.deployment_strategy.traffic_percentage);
      expect(shares).toEqual(scale === 'percent' ? [10, 90] : [0.1, 0.9]);
      expect(agent().deployments[0]?.traffic_percentage_branch_id_map).toEqual({
        [experiment]: 0.1,
        [elevenLabsBranchId(id, 'main')]: 0.9,
      });
    },
  );

  it.each(['accepted', 'refused'] as const)(
    'promotes a branch to all calls, or fails loudly with the split unchanged [elevenLabsSplitWithoutMain=%s]',
    async (reading) => {
      emulator.setReadings({ elevenLabsSplitWithoutMain: reading });
      const before = agent().deployments[0];
      const result = await run('elevenlabs', { 'agent-id': id, branch: 'experiment' });
      if (reading === 'accepted') {
        expect(result.exitCode, result.stdout).toBe(0);
        expect(route(result.outputs, 'agent')).toMatchObject({ servesAsked: true });
        return;
      }
      expect(result.exitCode).toBe(1);
      expect(agent().deployments[0]).toBe(before);
      // The commit went through: the route write's refusal, in ElevenLabs' words, is the cause of a failed apply.
      const error = resultError(result);
      expect(error).toMatchObject({ provider: 'ElevenLabs', step: 'apply' });
      expect(error.cause).toContain('The main branch must be part of every deployment');
    },
  );

  it('fails loudly, naming the scale, when a never-deployed agent takes percentages', async () => {
    emulator.setReadings({ elevenLabsTrafficScale: 'percent' });
    const result = await run('elevenlabs', {
      'agent-id': ELEVENLABS.neverDeployed,
      branch: 'preview',
      'traffic-percent': '10',
    });
    expect(result.exitCode).toBe(1);
    expect(emulator.state.elevenlabs.agents.get(ELEVENLABS.neverDeployed)?.deployments).toEqual([]);
    // ElevenLabs' refusal is the cause, and the hint is the adapter's for a 422 (it names the scale).
    const error = resultError(result);
    expect(error.cause).toContain('must add up to exactly 100');
    expect(error.hint).toBe(statusHint('elevenlabs', 422));
  });

  it.each(['present', 'absent'] as const)(
    'publishes a named branch, and refuses an empty one loudly when main_branch_id is left out [elevenLabsMainBranch=%s]',
    async (main) => {
      emulator.setReadings({ elevenLabsMainBranch: main });
      const named = await run('elevenlabs', { 'agent-id': id, branch: 'main' });
      expect(named.exitCode, named.stdout).toBe(0);
      emulator.reset();
      emulator.setReadings({ elevenLabsMainBranch: main });
      const unnamed = await run('elevenlabs', { 'agent-id': id });
      if (main === 'present') expect(unnamed.exitCode).toBe(0);
      else {
        expect(unnamed.exitCode).toBe(1);
        expect(writes()).toEqual([]);
        // The field ElevenLabs left out is named, and the way out is the branch input.
        const error = resultError(unnamed);
        expect(error.cause).toContain('main_branch_id');
        expect(error.hint).toContain('branch');
      }
    },
  );
});

describe('Diga: every number of the agent serves the target version', () => {
  const id = DIGA.withNewVersion;
  const versionIds = DIGA.withNewVersionIds;
  const SECOND = 'b7e2c3d4-0000-4000-8000-00000000aa01';
  const RELEASED = 'b7e2c3d4-0000-4000-8000-00000000aa02';
  const agent = () => {
    const found = emulator.state.diga.agents.get(id);
    if (found === undefined) throw new Error('no agent');
    return found;
  };
  /** A second inbound number the publish does not name, and a released one. */
  const addNumbers = () => {
    agent().other_phones.push(
      { id: SECOND, number: '+34910000099', direction: 'inbound', status: 'assigned', version_id: null },
      { id: RELEASED, number: '+34910000098', direction: 'inbound', status: 'released', version_id: null },
    );
  };
  const published = () =>
    Object.entries(versionIds).flatMap(([number, versionId]) =>
      agent().versions.some((v) => v.version_id === versionId) &&
      (agent().published_version_id === versionId ||
        agent().other_phones.some((p) => p.status === 'assigned' && p.version_id === versionId))
        ? [number]
        : [],
    );

  it.each(['follow', 'keep-version'] as const)(
    'publishes, and every number serves the new version [digaOtherNumbers=%s]',
    async (reading) => {
      emulator.setReadings({ digaOtherNumbers: reading });
      addNumbers();
      const result = await run('diga', { 'agent-id': id });
      expect(result.exitCode, result.stdout).toBe(0);
      expect(published()).toEqual(['3']);
      const moves = writes().filter((request) => request.path === `/v1/phone/${SECOND}`);
      // The number that kept its version is moved through Update Phone; the released one is left alone.
      expect(moves.map((request) => request.json)).toEqual(
        reading === 'keep-version' ? [{ inbound_version_id: versionIds[3] }] : [],
      );
      expect(writes().some((request) => request.path === `/v1/phone/${RELEASED}`)).toBe(false);
      expect(route(result.outputs, '+34910000099')).toMatchObject({
        asked: true,
        servesAsked: true,
        serves: [{ version: 'v3', weight: '1' }],
      });
      expect(route(result.outputs, '+34910000098')).toBeUndefined();
    },
  );

  it('rolls back, moving a number that kept the newer version', async () => {
    emulator.setReadings({ digaOtherNumbers: 'keep-version' });
    addNumbers();
    const result = await run('diga', { 'agent-id': id, operation: 'rollback', version: '1' });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.outputs.status).toBe('rolled-back');
    expect(published()).toEqual(['1']);
  });

  it('fails loudly, naming the number, when Update Phone cannot move it', async () => {
    emulator.setReadings({ digaOtherNumbers: 'keep-version' });
    addNumbers();
    emulator.failNext({
      provider: 'diga',
      method: 'PATCH',
      path: `/v1/phone/${SECOND}`,
      status: 403,
      body: { status: 'error', error_code: 'FORBIDDEN', message: 'Missing phones.update' },
    });
    const result = await run('diga', { 'agent-id': id });
    expect(result.exitCode).toBe(1);
    const error = resultError(result);
    expect(error).toMatchObject({ provider: 'Diga' });
    expect(error.cause).toContain(`PATCH /v1/phone/${SECOND}`);
    expect(error.cause).toContain('Missing phones.update');
  });

  it('fails with nothing changed when Diga refuses the publish, naming the numbers and the rule [digaOtherNumbers=refuse]', async () => {
    emulator.setReadings({ digaOtherNumbers: 'refuse' });
    addNumbers();
    const result = await run('diga', { 'agent-id': id });
    expect(result.exitCode).toBe(1);
    expect(published()).toEqual(['2']);
    const { cause } = resultError(result);
    expect(cause).toContain('+34910000099');
    expect(cause).not.toContain('+34910000098');
  });
});

describe('Langdock', () => {
  it.each(['present', 'absent'] as const)(
    'publishes whether the agent read carries id [langdockAgentId=%s]',
    async (shown) => {
      emulator.setReadings({ langdockAgentId: shown });
      const result = await run('langdock', { 'agent-id': LANGDOCK.withChanges });
      expect(result.exitCode, result.stdout).toBe(0);
      expect(result.outputs.status).toBe('published');
    },
  );
});
