// What the log and the summary say, read once: each fact once, in plain words, one time format.
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { DIGA, KEYS, RETELL, TALKOVER } from '../emulator/seed.ts';
import { useInProcess } from '../support/in-process.ts';
import { ENV_KEYS, useManifestRuns, type Entry } from '../support/manifest-runs.ts';
import { shownLog } from '../support/run-action.ts';
import { runInProcess } from '../support/run-in-process.ts';

const { emulator, run } = useInProcess();
const manifests = useManifestRuns(runInProcess);
const { entry, fleet, runManifest } = manifests;

const count = (text: string, part: string): number => text.split(part).length - 1;

describe('the messages', () => {
  it('name the agent once in a failure, and the step in plain words', async () => {
    const notReady = await run('talkover', { 'agent-id': TALKOVER.notReady });
    const error = /^::error::(.*)$/m.exec(notReady.stdout)?.[1] ?? '';
    // Talkover decides readiness (issue 12): its 422 is the cause, named once by the request's path.
    expect(error).toMatch(
      /^publish-agent: Publishing failed: Talkover POST \S+ answered HTTP 422: Agent is not ready/,
    );
    expect(count(error, TALKOVER.notReady)).toBe(1);

    emulator.failNext({
      provider: 'retell',
      method: 'GET',
      status: 404,
      body: { error_message: 'Not found' },
    });
    const missing = await run('retell', { 'agent-id': RETELL.withDraft, 'max-retries': '0' });
    const message = /^::error::(.*)$/m.exec(missing.stdout)?.[1] ?? '';
    expect(message).toMatch(/^publish-agent: Reading the agent failed: Retell GET \S+ answered HTTP 404/);
    expect(count(message, RETELL.withDraft)).toBe(1);
    expect(missing.stdout).not.toMatch(/\b(plan|apply|verify) failed/);
  });

  it('give an unchanged re-run its reason once in the log', async () => {
    const result = await run('retell', { 'agent-id': RETELL.allPublished });
    expect(result.outputs.status).toBe('unchanged');
    expect(count(shownLog(result.stdout), 'is already published')).toBe(1);
  });

  it('write every time to the second, in one format', async () => {
    const result = await run('retell', { 'agent-id': RETELL.withDraft });
    expect(result.outputs['published-at']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(result.summary).toContain(`| ${result.outputs['published-at'] ?? ''} |`);
  });

  it('show the change a dry run would make', async () => {
    const result = await run('diga', { 'agent-id': DIGA.withNewVersion, 'dry-run': 'true' });
    expect(result.outputs.status).toBe('dry-run');
    expect(result.summary).toMatch(/\| 2 → 3 \| 🧪 dry-run \|/);
    expect(JSON.parse(result.outputs.result ?? '{}')).toMatchObject({
      previousVersion: '2',
      plannedVersion: '3',
    });
  });
});

describe('an invalid manifest reads as every problem, each with its entry, line and fix', () => {
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
              `  base-url: ${manifests.emulator.baseUrls.retell}`,
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
    expect(manifests.emulator.requests).toEqual([]);
    expect(result.outputs.status).toBe('failed');
    // The runner's annotation encodes line breaks; the summary shows the list as it is.
    for (const text of says) expect(result.summary.replace(/\\/g, '')).toContain(text);
    expect(result.stdout).toContain('::error::publish-agent: Input "');
    if (never !== undefined) expect(`${result.stdout}${result.summary}`).not.toContain(never);
  });
});
