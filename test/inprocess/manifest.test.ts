// The action in-process with a manifest of many agents, against an
// emulator that answers each request after 20 ms so that agents in progress overlap.
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { DIGA, FLEET, KEYS, RETELL, TALKOVER, digaFleetVersionIds } from '../emulator/seed.ts';
import { planOnlyLine } from '../../src/action/matrix.ts';
import type { AgentReport } from '../../src/publish/report.ts';
import { annotations } from '../support/outcome.ts';
import { runInProcess as runAction } from '../support/run-in-process.ts';
import { ENV_KEYS, useWorkspace, FLEET_PROVIDERS, useManifestRuns } from '../support/manifest-runs.ts';

const { emulator, entry, fleet, runManifest } = useManifestRuns(runAction);

interface EntryResult {
  name?: string;
  provider: string;
  agentId: string;
  status: string;
  version?: string;
  reason?: string;
  error?: { provider?: string; step?: string; cause?: string; message: string; hint: string };
}

function results(outputs: Readonly<Record<string, string>>): EntryResult[] {
  return JSON.parse(outputs.result ?? '[]') as EntryResult[];
}

function writes() {
  return emulator.requests.filter((request) => request.method !== 'GET');
}

/** The providers of the summary table's rows, top to bottom. */
function summaryRows(summary: string): string[] {
  return summary
    .split('\n')
    .filter((line) => /^\| (Talkover|Retell|Diga|Langdock) \|/.test(line))
    .map((line) => line.split(' | ')[0]?.slice(2) ?? '');
}

describe('a manifest of twelve agents over four providers', () => {
  it('publishes them all within the concurrency and per-provider limits', async () => {
    const entries = fleet(3);
    const result = await runManifest(stringify(entries), { concurrency: '8' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({
      status: 'published',
      'published-count': '12',
      'unchanged-count': '0',
      'failed-count': '0',
    });
    // The single-agent outputs describe one agent: with several they are not set.
    expect(result.outputs['agent-id']).toBeUndefined();
    expect(results(result.outputs).map((r) => [r.name, r.status])).toEqual(
      entries.map((e) => [e.name, 'published']),
    );
    // Plan, write, verify: three requests an agent; Diga also reads the phone bindings (two reads) in plan and verify.
    // The release diff reads both versions: Retell agent and LLM (four reads), Diga (two).
    // Where calls go, after the write: Retell lists its numbers, Talkover reads the agent's numbers (one read
    // each); Diga uses what its verify read.
    expect(emulator.requests).toHaveLength(36 + 3 * 4 + 3 * 4 + 3 * 2 + 3 + 3);
    // At most 8 agents at once (Talkover 2, Diga 4): after the write, an agent reads it back while reading
    // where calls go (two requests at once); a Diga agent's read-back reads its versions and both phone
    // directions at once (three).
    expect(emulator.peakInFlight()).toBeLessThanOrEqual(4 * 3 + 4 * 2);
    expect(emulator.peakInFlight('diga')).toBeLessThanOrEqual(4 * 3);
    expect(emulator.peakInFlight('talkover')).toBeLessThanOrEqual(2 * 2);
    for (const provider of FLEET_PROVIDERS)
      expect(emulator.requestsFor(provider)).toHaveLength(
        { diga: 9 + 12 + 6, retell: 9 + 12 + 3, talkover: 9 + 3 }[provider as string] ?? 9,
      );

    const state = emulator.state;
    expect(FLEET.talkover.slice(0, 3).map((id) => state.talkover.agents.get(id)?.current_status)).toEqual([
      'published',
      'published',
      'published',
    ]);
    expect(
      FLEET.retell.slice(0, 3).map((id) => state.retell.agents.get(id)?.versions[2]?.is_published),
    ).toEqual([true, true, true]);
    expect(FLEET.diga.slice(0, 3).map((id) => state.diga.agents.get(id)?.published_version_id)).toEqual(
      [1, 2, 3].map((n) => digaFleetVersionIds(n)[2]),
    );
    expect(FLEET.langdock.slice(0, 3).map((id) => state.langdock.agents.get(id)?.versions.length)).toEqual([
      4, 4, 4,
    ]);

    expect(summaryRows(result.summary)).toEqual([
      ...Array<string>(3).fill('Talkover'),
      ...Array<string>(3).fill('Retell'),
      ...Array<string>(3).fill('Diga'),
      ...Array<string>(3).fill('Langdock'),
    ]);
    // A row shows the entry's name, its agent, the versions before and after, and its status.
    const row = result.summary.split('\n').find((line) => line.includes('retell-1')) ?? '';
    expect(row).toContain(FLEET.retell[0]);
    expect(row).toMatch(/\b1\b.*\b2\b.*published/);
    // Each entry's log lines carry its name.
    expect(result.stdout).toMatch(new RegExp(`^\\[diga-2\\] .*${FLEET.diga[1] ?? ''}`, 'm'));
  });

  it('reports partial when one provider is down, with the others published and its failures first', async () => {
    emulator.failNext({ provider: 'diga', status: 503, times: 100, body: { message: 'maintenance' } });
    const result = await runManifest(stringify(fleet(3)), { 'max-retries': '0' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({
      status: 'partial',
      'published-count': '9',
      'failed-count': '3',
    });
    const byProvider = Map.groupBy(results(result.outputs), (r) => r.provider);
    expect(byProvider.get('diga')?.map((r) => r.status)).toEqual(['failed', 'failed', 'failed']);
    const error = byProvider.get('diga')?.[0]?.error;
    expect(error).toMatchObject({ provider: 'Diga', step: 'plan' });
    expect(error?.cause).toContain('maintenance');
    for (const provider of ['talkover', 'retell', 'langdock'])
      expect(byProvider.get(provider)?.map((r) => r.status)).toEqual(['published', 'published', 'published']);
    expect(writes().filter((request) => request.provider === 'diga')).toEqual([]);

    expect(summaryRows(result.summary).slice(0, 3)).toEqual(['Diga', 'Diga', 'Diga']);
    // The summary shows each failure with its hint; the log has one error annotation per failed agent.
    expect(result.summary).toContain(error?.hint);
    const errors = annotations(result.stdout, 'error');
    for (const id of FLEET.diga.slice(0, 3))
      expect(errors.filter((line) => line.includes(id))).toHaveLength(1);
  });

  it('fails when every agent failed', async () => {
    for (const provider of FLEET_PROVIDERS) emulator.failNext({ provider, status: 500, times: 100 });
    const result = await runManifest(stringify(fleet(1)), { 'max-retries': '0' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ status: 'failed', 'failed-count': '4', 'published-count': '0' });
  });
});

describe('fail-fast', () => {
  const canaryFirst = () => [
    entry('talkover', TALKOVER.notReady, { name: 'canary' }),
    ...fleet(1).filter((e) => e.provider !== 'talkover'),
  ];

  it('starts nothing after the first failure and reports the rest as skipped', async () => {
    const result = await runManifest(stringify(canaryFirst()), { 'fail-fast': 'true', concurrency: '1' });
    expect(result.exitCode).toBe(1);
    // Talkover decides readiness: the publish is sent, and its 422 is the failure.
    expect(emulator.requests.map((r) => `${r.provider} ${r.method}`)).toEqual([
      'talkover GET',
      'talkover POST',
    ]);
    expect(results(result.outputs).map((r) => r.status)).toEqual(['failed', 'skipped', 'skipped', 'skipped']);
    expect(results(result.outputs)[1]?.reason).toBe(
      'not started: fail-fast stopped the release after a failure',
    );
    expect(result.outputs).toMatchObject({ status: 'failed', 'failed-count': '1', 'published-count': '0' });
    // The skipped entries have their rows too.
    expect(summaryRows(result.summary)).toHaveLength(4);
  });

  it('without it, publishes the others after a failure', async () => {
    const result = await runManifest(stringify(canaryFirst()), { concurrency: '1' });
    expect(result.exitCode).toBe(1);
    expect(results(result.outputs).map((r) => r.status)).toEqual([
      'failed',
      'published',
      'published',
      'published',
    ]);
    expect(result.outputs.status).toBe('partial');
  });
});

describe('keys', () => {
  it('reads a key from the variable an entry names in api-key-env', async () => {
    const manifest = stringify([
      entry('retell', RETELL.withDraft, { 'api-key-env': 'RETELL_EU_API_KEY' }),
      entry('diga', DIGA.withNewVersion),
    ]);
    const result = await runManifest(
      manifest,
      {},
      { RETELL_EU_API_KEY: KEYS.retell, DIGA_API_KEY: KEYS.diga },
    );
    expect(result.exitCode).toBe(0);
    expect(result.outputs['published-count']).toBe('2');
    expect(result.stdout).toContain(`::add-mask::${KEYS.retell}`);
  });

  it('takes api-key when every entry has the same provider', async () => {
    const manifest = stringify([entry('retell', RETELL.withDraft), entry('retell', FLEET.retell[0] ?? '')]);
    const result = await runManifest(manifest, { 'api-key': KEYS.retell }, {});
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('published');
  });
});

describe('a manifest of one agent', () => {
  it('keeps the single-agent outputs, with result as an array of one', async () => {
    const result = await runManifest(stringify([entry('retell', RETELL.withDraft, { name: 'front-desk' })]));
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({
      status: 'published',
      version: '2',
      'previous-version': '1',
      'agent-id': RETELL.withDraft,
      provider: 'retell',
      'published-count': '1',
    });
    expect(results(result.outputs)).toMatchObject([
      { name: 'front-desk', status: 'published', version: '2' },
    ]);
  });
});

describe('plan-only', () => {
  it('plans every agent, writes nothing, and outputs a job matrix without keys', async () => {
    const manifest = stringify([
      entry('talkover', TALKOVER.draftReady, { name: 'support' }),
      entry('retell', RETELL.manyVersions, { version: 'v23', description: 'Hotfix' }),
      entry('diga', DIGA.withNewVersion, { 'inbound-phone-number-id': DIGA.inboundPhone }),
      entry('langdock', FLEET.langdock[0] ?? '', { 'api-key-env': 'LANGDOCK_EU_API_KEY' }),
    ]);
    const result = await runManifest(
      manifest,
      { 'plan-only': 'true' },
      { ...ENV_KEYS, LANGDOCK_EU_API_KEY: KEYS.langdock },
    );
    expect(result.exitCode).toBe(0);
    expect(writes()).toEqual([]);
    expect(result.outputs.status).toBe('dry-run');
    const base = emulator.baseUrls;
    expect(JSON.parse(result.outputs.matrix ?? '')).toEqual({
      include: [
        {
          name: 'support',
          provider: 'talkover',
          'agent-id': TALKOVER.draftReady,
          'base-url': base.talkover,
          'api-key-env': 'TALKOVER_API_KEY',
        },
        {
          provider: 'retell',
          'agent-id': RETELL.manyVersions,
          version: 'v23',
          description: 'Hotfix',
          'base-url': base.retell,
          'api-key-env': 'RETELL_API_KEY',
        },
        {
          provider: 'diga',
          'agent-id': DIGA.withNewVersion,
          'base-url': base.diga,
          'inbound-phone-number-id': DIGA.inboundPhone,
          'api-key-env': 'DIGA_API_KEY',
        },
        {
          provider: 'langdock',
          'agent-id': FLEET.langdock[0],
          'base-url': base.langdock,
          'api-key-env': 'LANGDOCK_EU_API_KEY',
        },
      ],
    });
    // The plan of entry 2, in its own log lines: the version live and the one it would publish.
    expect(result.stdout).toMatch(
      new RegExp(`^\\[entry 2\\] .*${RETELL.manyVersions}.*\\b22\\b.*\\b23\\b`, 'm'),
    );
    // The summary shows the write each agent would send.
    expect(result.summary).toContain(`/publish-agent-version/${RETELL.manyVersions}`);
  });

  it('leaves out of the matrix the agents with nothing to do, and says how many', async () => {
    const manifest = stringify([
      entry('retell', RETELL.withDraft, { name: 'new-draft' }),
      entry('retell', RETELL.allPublished, { name: 'live' }),
      entry('diga', DIGA.upToDate, { name: 'also-live' }),
    ]);
    const result = await runManifest(manifest, { 'plan-only': 'true' });
    expect(result.exitCode).toBe(0);
    const matrix = JSON.parse(result.outputs.matrix ?? '') as { include: { name: string }[] };
    expect(matrix.include.map((job) => job.name)).toEqual(['new-draft']);
    expect(result.stdout).toContain(
      planOnlyLine(results(result.outputs) as unknown as AgentReport[], result.outputs.matrix ?? ''),
    );
  });

  it('outputs an empty matrix when every agent is already as asked', async () => {
    const result = await runManifest(stringify([entry('retell', RETELL.allPublished)]), {
      'plan-only': 'true',
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.matrix).toBe('{"include":[]}');
  });
});

describe('a manifest file', () => {
  const workspace = useWorkspace();

  it('is refused when a link leads out of the workspace', async () => {
    const outside = await mkdtemp(path.join(tmpdir(), 'publish-agent-outside-'));
    await writeFile(path.join(outside, 'agents.yml'), stringify(fleet(1)));
    await symlink(path.join(outside, 'agents.yml'), path.join(workspace.dir, 'linked.yml'));
    const result = await runManifest('linked.yml', {}, { ...ENV_KEYS, GITHUB_WORKSPACE: workspace.dir });
    await rm(outside, { recursive: true, force: true });
    expect(result.exitCode).toBe(1);
    expect(emulator.requests).toEqual([]);
    expect(annotations(result.stdout, 'error')).toEqual([expect.stringContaining('"manifest"')]);
  });
});

describe('an invalid manifest', () => {
  // What each problem reads like is in messages.test.ts; here, what the step does about them.
  it('is refused before any request, with one error that lists every problem', async () => {
    const manifest = stringify([
      entry('retell', RETELL.withDraft),
      { name: 'voice-eu', provider: 'vapi', 'agent-id': 'x' },
      entry('langdock', 'not-a-uuid'),
    ]);
    const result = await runManifest(manifest);
    expect(result.exitCode).toBe(1);
    expect(emulator.requests).toEqual([]);
    expect(result.outputs.status).toBe('failed');
    const errors = annotations(result.stdout, 'error');
    expect(errors).toHaveLength(1);
    // The entries with a problem and the keys at fault, not the good entry.
    for (const named of ['voice-eu', '"provider"', '"agent-id"']) expect(errors[0]).toContain(named);
  });
});
