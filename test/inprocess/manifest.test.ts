// The action in-process with a manifest of many agents, against an
// emulator that answers each request after 20 ms so that agents in progress overlap.
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { DIGA, FLEET, KEYS, RETELL, TALKOVER, digaFleetVersionIds } from '../emulator/seed.ts';
import { runInProcess as runAction } from '../support/run-in-process.ts';
import {
  ENV_KEYS,
  useWorkspace,
  FLEET_PROVIDERS,
  useManifestRuns,
  type Entry,
} from '../support/manifest-runs.ts';

const { emulator, entry, fleet, runManifest } = useManifestRuns(runAction);

interface EntryResult {
  name?: string;
  provider: string;
  agentId: string;
  status: string;
  version?: string;
  reason?: string;
  error?: { message: string; hint: string };
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
    // At most 8 agents at once, at most two requests each: a Diga agent reads its two phone directions at
    // once, and after the write an agent reads it back while reading where calls go.
    expect(emulator.peakInFlight()).toBeLessThanOrEqual(8 * 2);
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

    expect(result.summary).toContain('## ✅ publish-agent: published');
    expect(result.summary).toContain('**12 agents:** 12 published');
    expect(summaryRows(result.summary)).toEqual([
      ...Array<string>(3).fill('Talkover'),
      ...Array<string>(3).fill('Retell'),
      ...Array<string>(3).fill('Diga'),
      ...Array<string>(3).fill('Langdock'),
    ]);
    expect(result.summary).toContain('| Retell | retell-1<br>`agent_fleet01` | 1 → **2** | ✅ published |');
    expect(result.stdout).toMatch(/\[diga-2\] Diga agent .*: version 1 is live; publish v2/);
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
    expect(byProvider.get('diga')?.[0]?.error?.message).toContain('answered HTTP 503: maintenance');
    for (const provider of ['talkover', 'retell', 'langdock'])
      expect(byProvider.get(provider)?.map((r) => r.status)).toEqual(['published', 'published', 'published']);
    expect(writes().filter((request) => request.provider === 'diga')).toEqual([]);

    expect(result.summary).toContain('## ⚠️ publish-agent: partly done');
    expect(summaryRows(result.summary).slice(0, 3)).toEqual(['Diga', 'Diga', 'Diga']);
    expect(result.summary).toContain('**Error:** Reading the agent failed: Diga GET');
    expect(result.summary).toContain('<br>**Fix:**');
    expect(result.stdout.match(/::error::publish-agent: Reading the agent failed: Diga GET/g)).toHaveLength(
      3,
    );
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
    expect(result.summary).toContain('⏭️ skipped');
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
    expect(result.stdout).toContain(
      '[entry 2] Retell agent agent_f0e1d2c3b4a5968778695a4b3c: version 22 is live; publish draft version 23',
    );
    expect(result.summary).toContain('Retell `agent_f0e1d2c3b4a5968778695a4b3c` would send:');
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
      'Plan only: nothing was written. Matrix of 1 agent; 2 already as asked, left out:',
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
    expect(result.stdout).toContain('Input "manifest" is a link to a file outside the workspace');
  });
});

describe('an invalid manifest is refused before any request, with every problem', () => {
  const retell = () => entry('retell', RETELL.withDraft);
  const cases: {
    name: string;
    manifest: () => string;
    inputs?: Entry;
    env?: Entry;
    says: string[];
    never?: string;
  }[] = [
    {
      name: 'YAML syntax',
      manifest: () => '- provider: "retell\n  agent-id: x\n',
      says: ['line 2: is not valid YAML: Missing closing "quote.'],
    },
    {
      name: 'not a list',
      manifest: () => stringify(retell()),
      says: ['line 1: is not a list of agents.'],
    },
    { name: 'empty', manifest: () => '# agents come later\n', says: ['lists no agents.'] },
    {
      name: 'an entry that is not a mapping',
      manifest: () => `- retell\n${stringify([retell()])}`,
      says: ['entry 1 (line 1): is not a mapping of keys to values.'],
    },
    {
      name: 'an unknown key, with the likely one',
      manifest: () => stringify([{ provider: 'retell', agent_id: RETELL.withDraft }]),
      says: ['entry 1 (line 2): has an unknown key "agent_id". Fix: Did you mean "agent-id"?'],
    },
    {
      name: 'a key in the manifest (never quoted)',
      manifest: () => stringify([{ ...retell(), 'api-key': KEYS.retell }]),
      says: ['entry 1 (line 4): "api-key" does not belong in a manifest: keys are secrets.'],
    },
    {
      name: 'a value of the wrong type',
      manifest: () => stringify([{ ...retell(), version: [1, 2] }]),
      says: ['entry 1 (line 4): "version" must be text, not a list.'],
    },
    {
      name: 'a repeated key',
      manifest: () => `- provider: retell\n  agent-id: ${RETELL.withDraft}\n  provider: diga\n`,
      says: ['line 3: is not valid YAML: Map keys must be unique.'],
    },
    {
      name: 'an unsupported provider and a bad id, named by entry',
      manifest: () =>
        stringify([
          retell(),
          { name: 'voice-eu', provider: 'vapi', 'agent-id': 'x' },
          entry('langdock', 'not-a-uuid'),
        ]),
      says: [
        'has 2 problems',
        'entry 2 "voice-eu" (line 5): "provider" is not a supported provider (got "vapi").',
        'entry 3 (line 8): "agent-id" is not a UUID: expected a UUID such as',
      ],
    },
    {
      name: 'the same agent twice',
      manifest: () => stringify([retell(), entry('diga', DIGA.withNewVersion), retell()]),
      says: [`entry 3 (line 8): repeats Retell agent ${RETELL.withDraft} of entry 1 (line 2).`],
    },
    {
      name: 'an operation the provider has no API for',
      manifest: () => stringify([{ ...retell(), operation: 'unpublish' }]),
      says: ['"operation" is "unpublish", which Retell has no API for.'],
    },
    {
      name: 'more entries than a job matrix can hold',
      manifest: () => stringify(Array.from({ length: 257 }, (_, i) => entry('retell', `agent_${String(i)}`))),
      says: ['lists 257 agents; at most 256 are allowed.'],
    },
    {
      name: 'manifest with agent-id',
      manifest: () => stringify([retell()]),
      inputs: { 'agent-id': RETELL.withDraft },
      says: ['Input "agent-id" cannot be used together with manifest.'],
    },
    {
      name: 'api-key over several providers',
      manifest: () => stringify(fleet(1)),
      inputs: { 'api-key': KEYS.retell },
      says: ['Input "api-key" can be used only when every entry has the same provider'],
    },
    {
      name: 'a missing key, once for all its entries',
      manifest: () => stringify(fleet(2)),
      env: { ...ENV_KEYS, RETELL_API_KEY: '' },
      says: ['entries 2, 6: RETELL_API_KEY is not set, so there is no Retell key.'],
    },
    {
      name: "api-key-env naming the runner's token",
      manifest: () => stringify([{ ...retell(), 'api-key-env': 'GITHUB_TOKEN' }]),
      says: ['"api-key-env" names GITHUB_TOKEN, which the runner sets for itself.'],
    },
    {
      name: 'a path out of the workspace',
      manifest: () => '../agents.yml',
      says: ['Input "manifest" is a path outside the workspace (got "../agents.ym…").'],
    },
    {
      name: 'a file that does not exist',
      manifest: () => 'release/agents.yaml',
      says: ['Input "manifest" names a file that does not exist (got "release/agen…").'],
    },
    {
      // Issue 13: YAML read these as 16, 10 and 3, which passed as versions.
      name: 'versions YAML would read as numbers',
      manifest: () =>
        ['0x10', '1e1', '3.0']
          .map((version, i) =>
            [
              `- provider: retell`,
              `  agent-id: agent_${i}`,
              `  base-url: ${emulator.baseUrls.retell}`,
              `  version: ${version}`,
            ].join('\n'),
          )
          .join('\n'),
      says: ['(got "0x10")', '(got "1e1")', '(got "3.0")'],
    },
    {
      // Issue 13: a key pasted into api-key-env was printed back in full.
      name: 'a key pasted into api-key-env',
      manifest: () => stringify([{ ...retell(), 'api-key-env': 'sk_live_0123abcdefSECRETTAIL' }]),
      says: ['The variable "api-key-env" names is not set'],
      never: 'SECRETTAIL',
    },
    {
      name: 'a bad step setting, listed with the entries',
      manifest: () => stringify([{ ...retell(), version: 'latest' }]),
      inputs: { concurrency: '0' },
      says: [
        'Input "concurrency" must be a whole number from 1 to 32 (got "0").',
        'entry 1 (line 4): "version" is not a version number: expected a version number such as 3 or v3 (got "latest").',
      ],
    },
  ];

  it.each(cases)('$name', async ({ manifest, inputs = {}, env = ENV_KEYS, says, never }) => {
    const result = await runManifest(manifest(), inputs, env);
    expect(result.exitCode).toBe(1);
    expect(emulator.requests).toEqual([]);
    expect(result.outputs.status).toBe('failed');
    // The runner's annotation encodes line breaks; the summary shows the list as it is.
    for (const text of says) expect(result.summary.replace(/\\/g, '')).toContain(text);
    expect(result.stdout).toContain('::error::publish-agent: Input "');
    if (never !== undefined) expect(`${result.stdout}${result.summary}`).not.toContain(never);
  });
});
