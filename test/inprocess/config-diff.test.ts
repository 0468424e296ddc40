// What goes live: the configuration diff of a release, in-process against the emulator's versioned
// configurations. The configurations carry credentials (test/emulator/configs.ts): none may be printed.
import { describe, expect, it } from 'vitest';
import { CONFIG_SECRETS } from '../emulator/configs.ts';
import { GITHUB_REPOSITORY } from '../emulator/github.ts';
import { DIGA, ELEVENLABS, LANGDOCK, RETELL, TALKOVER } from '../emulator/seed.ts';
import { diffSection } from '../../src/action/summary-diff.ts';
import type { AgentReport } from '../../src/publish/report.ts';
import { useInProcess } from '../support/in-process.ts';
import { useGitHubEmulator } from '../support/use-emulator.ts';
import { findLeaks } from '../support/run-action.ts';

const { emulator, run } = useInProcess();
const github = useGitHubEmulator();

interface Entry {
  path: string;
  change: string;
  before?: unknown;
  after?: unknown;
  credential?: boolean;
  text?: boolean;
}

type Result = Awaited<ReturnType<typeof run>>;

const reportOf = (result: Result) => result.result as unknown as AgentReport;

/** The summary shows the release's diff as src/action/summary-diff.ts renders it from the report. */
function expectDiffShown(result: Result): void {
  const section = diffSection(reportOf(result), false);
  expect(section).toBeDefined();
  expect(result.summary).toContain(section);
}

function diffOf(result: Result): {
  compared: string;
  unchanged: number;
  changes: Entry[];
  unreadable?: string;
} {
  expect(result.outputs.diff, result.stdout).not.toBe('');
  return JSON.parse(result.outputs.diff ?? '') as never;
}

/** No credential of a configuration in the log, any output or the summary. */
function expectNoCredentials(result: Result): void {
  const everything = [result.stdout, result.stderr, JSON.stringify(result.outputs), result.summary].join(
    '\n',
  );
  expect(findLeaks(everything, Object.values(CONFIG_SECRETS))).toEqual([]);
}

describe('Retell', () => {
  it('a dry run shows what version 2 changes against live version 1, credentials as "changed" only', async () => {
    const result = await run('retell', { 'agent-id': RETELL.withDraft, 'dry-run': 'true' });
    expect(result.exitCode, result.stdout).toBe(0);
    const diff = diffOf(result);
    expect(diff.compared).toBe('version 1 → version 2');
    const byPath = new Map(diff.changes.map((entry) => [entry.path, entry]));
    expect(byPath.get('llm.model')).toEqual({
      path: 'llm.model',
      change: 'changed',
      before: 'gpt-4o',
      after: 'gpt-4.1',
    });
    expect(byPath.get('voice_id')).toMatchObject({ before: '11labs-Adrian', after: '11labs-Myra' });
    expect(byPath.get('llm.general_tools[booking].headers')).toEqual({
      path: 'llm.general_tools[booking].headers',
      change: 'changed',
      credential: true,
    });
    expect(byPath.get('llm.general_tools[booking].url')).toEqual({
      path: 'llm.general_tools[booking].url',
      change: 'changed',
      before: 'https://hooks.example.com/booking?…',
      after: 'https://hooks.example.com/booking?…',
    });
    expect(byPath.get('llm.general_tools[transfer_to_staff]')?.change).toBe('added');
    expect(byPath.get('llm.knowledge_base_ids[knowledge_base_prices]')?.change).toBe('added');
    expect(byPath.get('llm.states[booking].state_prompt')?.change).toBe('changed');
    expect(byPath.get('llm.general_prompt')).toMatchObject({ change: 'changed', text: true });
    // The nested key did not change: counted, not listed.
    expect(byPath.has('llm.general_tools[booking].query_params')).toBe(false);
    expect(diff.unchanged).toBeGreaterThan(5);
    expectDiffShown(result);
    // The prompt's changed lines reach the summary.
    expect(result.summary).toContain('Transfer to a person when the caller asks for one twice.');
    expect(JSON.stringify((JSON.parse(result.outputs.result ?? '{}') as { diff?: unknown }).diff)).toContain(
      'llm.model',
    );
    expect(emulator.requests.filter((request) => request.method !== 'GET')).toEqual([]);
    expectNoCredentials(result);
  });

  it('a publish shows the diff too, read before the write', async () => {
    const result = await run('retell', { 'agent-id': RETELL.withDraft });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.outputs.status).toBe('published');
    expect(diffOf(result).changes.length).toBeGreaterThan(5);
    const sent = emulator.requests.map(
      (request) => `${request.method} ${request.rawPath.split('?')[0] ?? ''}`,
    );
    expect(sent.indexOf('GET /retell/get-retell-llm/llm_3c9d1e0f2a4b6c8d0e1f2a3b')).toBeLessThan(
      sent.indexOf(`POST /retell/publish-agent-version/${RETELL.withDraft}`),
    );
    expectNoCredentials(result);
  });

  it('plan-only shows it', async () => {
    const result = await run('retell', { 'agent-id': RETELL.withDraft, 'plan-only': 'true' });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(diffOf(result).compared).toBe('version 1 → version 2');
    expectDiffShown(result);
    expectNoCredentials(result);
  });

  it('reads a conversation flow, nodes by name', async () => {
    const result = await run('retell', { 'agent-id': RETELL.manyVersions, version: '23', 'dry-run': 'true' });
    const paths = diffOf(result).changes.map((entry) => entry.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'conversation_flow.nodes[Confirm]',
        'conversation_flow.model_choice.model',
        'conversation_flow.tools[booking].headers',
      ]),
    );
    expectNoCredentials(result);
  });

  it('leaves diff empty when nothing changes', async () => {
    const result = await run('retell', { 'agent-id': RETELL.allPublished });
    expect(result.outputs.status).toBe('unchanged');
    expect(result.outputs.diff).toBe('');
  });
});

describe('Diga', () => {
  it('a dry run compares the published v2 with v3', async () => {
    const result = await run('diga', { 'agent-id': DIGA.withNewVersion, 'dry-run': 'true' });
    expect(result.exitCode, result.stdout).toBe(0);
    const diff = diffOf(result);
    expect(diff.compared).toBe('v2 → v3');
    const byPath = new Map(diff.changes.map((entry) => [entry.path, entry]));
    expect(byPath.get('voice')).toMatchObject({ before: 'es-ES-Alvaro', after: 'es-ES-Elvira' });
    expect(byPath.get('knowledge_base_ids[kb-hours]')?.change).toBe('added');
    expect(byPath.get('call_tools[reserve_table].headers')).toMatchObject({ credential: true });
    expect(byPath.get('call_tools[reserve_table].body.party_size_max')).toMatchObject({
      before: 8,
      after: 12,
    });
    expect(byPath.has('call_tools[reserve_table].body.auth')).toBe(false);
    expectNoCredentials(result);
  });

  it('a publish shows it', async () => {
    const result = await run('diga', { 'agent-id': DIGA.withNewVersion });
    expect(result.outputs.status).toBe('published');
    expect(diffOf(result).changes.length).toBeGreaterThan(3);
    expectNoCredentials(result);
  });
});

describe('ElevenLabs', () => {
  it('a dry run compares the live version with the pending draft', async () => {
    const result = await run('elevenlabs', { 'agent-id': ELEVENLABS.withDraft, 'dry-run': 'true' });
    expect(result.exitCode, result.stdout).toBe(0);
    const diff = diffOf(result);
    const paths = diff.changes.map((entry) => entry.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'conversation_config.agent.prompt.llm',
        'conversation_config.agent.prompt.knowledge_base[Prices]',
        'conversation_config.agent.prompt.tools[booking].api_schema.request_headers',
        'conversation_config.tts.voice_id',
      ]),
    );
    expectNoCredentials(result);
  });

  it('where the branch read answers the last commit, says the draft cannot be compared yet', async () => {
    emulator.setReadings({ elevenLabsDraftRead: 'last-commit' });
    const result = await run('elevenlabs', { 'agent-id': ELEVENLABS.withDraft, 'dry-run': 'true' });
    expect(result.exitCode, result.stdout).toBe(0);
    // Not compared, and why (the commit the branch read answered) is in the diff and the summary.
    const { unreadable = '' } = diffOf(result);
    const agent = emulator.state.elevenlabs.agents.get(ELEVENLABS.withDraft);
    const main = agent?.branches.find((branch) => branch.id === agent.main_branch_id);
    expect(unreadable).toContain(main?.versions.at(-1)?.id);
    expectDiffShown(result);
  });

  it('a publish shows it', async () => {
    const result = await run('elevenlabs', { 'agent-id': ELEVENLABS.withDraft });
    expect(result.outputs.status).toBe('published');
    expect(diffOf(result).changes.length).toBeGreaterThan(3);
    expectNoCredentials(result);
  });
});

describe('one configuration only', () => {
  it('Talkover says what it cannot compare and fingerprints what it publishes', async () => {
    const result = await run('talkover', { 'agent-id': TALKOVER.draftReady, 'dry-run': 'true' });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(reportOf(result).diff).toMatchObject({ limitation: expect.any(String) as string });
    expectDiffShown(result);
    expect(result.outputs.diff).toBe('');
  });

  it('with environment and no record yet, fingerprints what it publishes', async () => {
    const result = await run(
      'talkover',
      { 'agent-id': TALKOVER.draftReady, 'dry-run': 'true', environment: 'talkover-production' },
      { GITHUB_API_URL: github.origin },
    );
    expect(reportOf(result).diff?.fingerprint).toMatchObject({ sinceLastRelease: 'unknown' });
    expect(reportOf(result).diff?.fingerprint?.value).toMatch(/^[0-9a-f]{16}$/);
    expectDiffShown(result);
  });

  it('Langdock says its draft cannot be read', async () => {
    const result = await run('langdock', { 'agent-id': LANGDOCK.withChanges, 'dry-run': 'true' });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(reportOf(result).diff).toMatchObject({ limitation: expect.any(String) as string });
    expectDiffShown(result);
  });
});

describe('the fingerprint of the last release', () => {
  const inputs = { 'agent-id': TALKOVER.draftReady, environment: 'talkover-production' };
  const env = () => ({ GITHUB_API_URL: github.origin });
  const agent = () => {
    const found = emulator.state.talkover.agents.get(TALKOVER.draftReady);
    if (found === undefined) throw new Error('no agent');
    return found;
  };

  it('is kept in the deployment record and compared at the next plan: unchanged, then changed', async () => {
    const published = await run('talkover', inputs, env());
    expect(published.outputs.status, published.stdout).toBe('published');
    const [record] = [...github.deployments.values()];
    expect(JSON.stringify(record?.payload)).toMatch(/"fingerprint":"[0-9a-f]{16}"/);
    expect(GITHUB_REPOSITORY).not.toBe('');

    agent().current_status = 'draft';
    const same = await run('talkover', { ...inputs, 'dry-run': 'true' }, env());
    expect(reportOf(same).diff?.fingerprint).toMatchObject({ sinceLastRelease: 'unchanged' });
    expectDiffShown(same);
    expect(same.outputs.diff).toBe('');

    agent().description = 'Now also answers billing questions';
    const edited = await run('talkover', { ...inputs, 'dry-run': 'true' }, env());
    expectDiffShown(edited);
    expect(JSON.parse(edited.outputs.diff ?? '')).toMatchObject({
      fingerprint: { sinceLastRelease: 'changed' },
    });
  });
});
