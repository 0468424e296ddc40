// What the log and the summary say, read once: each fact once, in plain words, one time format.
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  DIGA,
  ELEVENLABS,
  elevenLabsBranchId,
  KEYS,
  LANGDOCK,
  RETELL,
  RETELL_PHONES,
  TALKOVER,
} from '../emulator/seed.ts';
import type { RouteRecord } from '../../src/routing/where.ts';
import { useInProcess } from '../support/in-process.ts';
import { ENV_KEYS, useManifestRuns, type Entry } from '../support/manifest-runs.ts';
import { shownLog, type ActionRun } from '../support/run-action.ts';
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

/** The one `::error::` line of a run, decoded as the runner shows it (%, CR and LF are encoded). */
const errorLine = (stdout: string): string =>
  (/^::error::(.*)$/m.exec(stdout)?.[1] ?? '')
    .replaceAll('%0A', '\n')
    .replaceAll('%0D', '\r')
    .replaceAll('%25', '%');

describe('a failure says what happened, why, and what to do', () => {
  it.each([
    {
      name: 'Talkover: an agent that is not ready, with the readiness hint',
      act: () => run('talkover', { 'agent-id': TALKOVER.notReady }),
      says: [
        'answered HTTP 422: Agent is not ready to publish (voice is not configured)',
        'Fix: Finish the agent in Talkover (knowledge, voice and calling settings) until it shows as ready to publish, then re-run.',
      ],
    },
    {
      name: 'Retell: a version that does not exist, with the newest there is',
      act: () => run('retell', { 'agent-id': RETELL.withDraft, version: '9' }),
      says: [`Retell agent ${RETELL.withDraft} has no version 9 (the newest is 2).`],
    },
    {
      name: 'Diga: a version that is not saved, with the saved ones',
      act: () => run('diga', { 'agent-id': DIGA.withNewVersion, version: '7' }),
      says: [`Diga agent ${DIGA.withNewVersion} has no version 7 (saved versions: v3, v2, v1).`],
    },
    {
      name: 'on-unchanged: fail, with the way to let it pass',
      act: () => run('retell', { 'agent-id': RETELL.allPublished, 'on-unchanged': 'fail' }),
      says: [
        'nothing to publish: the newest version (3) is already published; there is no newer draft.',
        'Fix: Make the change you meant to release first, or set on-unchanged: succeed to let this pass.',
      ],
    },
    {
      name: 'Talkover: a publish that did not take',
      act: () => {
        emulator.failNext({ provider: 'talkover', method: 'POST', status: 200 });
        return run('talkover', { 'agent-id': TALKOVER.draftReady });
      },
      says: ['After publish, Talkover reports the agent as "draft" instead of "published".'],
    },
    {
      name: 'Retell: a version not published after the write',
      act: () => {
        emulator.failNext({ provider: 'retell', method: 'POST', status: 200 });
        return run('retell', { 'agent-id': RETELL.withDraft });
      },
      says: [
        `publish-agent: After publishing, Retell does not list version 2 of agent ${RETELL.withDraft} as published.`,
      ],
    },
    {
      name: 'Diga: another version published than the one sent',
      act: () => {
        emulator.failNext({
          provider: 'diga',
          method: 'PATCH',
          status: 200,
          body: { agent_id: DIGA.withNewVersion, published_version_id: DIGA.withNewVersionIds[3] },
        });
        return run('diga', { 'agent-id': DIGA.withNewVersion });
      },
      says: [`After the change, Diga reports v2 as published for agent ${DIGA.withNewVersion}.`],
    },
    {
      name: 'Retell: weights that cannot be sent so that they add up to 1',
      act: () => {
        const phone = emulator.state.retell.phoneNumbers.get(RETELL_PHONES.sharedAB);
        if (phone === undefined) throw new Error('no shared number');
        phone.inbound_agents = [
          { agent_id: RETELL.withDraft, agent_version: 1, weight: 0 },
          { agent_id: RETELL.allPublished, agent_version: 3, weight: 0.5000002 },
          { agent_id: 'agent_third', agent_version: 1, weight: 0.5000002 },
        ];
        return run('retell', {
          'agent-id': RETELL.withDraft,
          'phone-numbers': RETELL_PHONES.sharedAB,
          'traffic-percent': '10',
        });
      },
      says: [
        `The weights of ${RETELL_PHONES.sharedAB} inbound cannot be sent so that they add up to exactly 1, as Retell requires: the other agents' entries alone take ${RETELL.allPublished} 3 50 % · agent_third 1 50 %; nothing was changed.`,
      ],
    },
    {
      name: 'Retell: a number of another agent, with the agent it routes to',
      act: () =>
        run('retell', {
          'agent-id': RETELL.withDraft,
          'phone-numbers': `${RETELL_PHONES.pinned},${RETELL_PHONES.otherAgent}`,
        }),
      says: [
        `Retell number ${RETELL_PHONES.otherAgent} routes its calls to another agent (${RETELL.allPublished}), not to agent ${RETELL.withDraft}; nothing was changed.`,
      ],
    },
    {
      name: 'Retell: a rollback to a version never published',
      act: () =>
        run('retell', {
          'agent-id': RETELL.withDraft,
          'phone-numbers': RETELL_PHONES.pinned,
          operation: 'rollback',
          version: '2',
        }),
      says: [
        `Version 2 of Retell agent ${RETELL.withDraft} was never published, so there is nothing to roll back to.`,
      ],
    },
    {
      name: 'a route write that fails after the publish, with what a re-run does',
      act: () => {
        emulator.failNext({
          provider: 'retell',
          method: 'PATCH',
          status: 400,
          body: { message: 'bad list' },
        });
        return run('retell', { 'agent-id': RETELL.withDraft, 'phone-numbers': RETELL_PHONES.pinned });
      },
      says: [
        'the version was published, but routing calls to it failed: ',
        'Re-running the step publishes nothing twice: it finds the version published and only routes the calls.',
      ],
    },
    {
      name: 'ElevenLabs: a branch that does not exist, with the branches there are',
      act: () => run('elevenlabs', { 'agent-id': ELEVENLABS.withDraft, branch: 'nope' }),
      says: [
        `ElevenLabs agent ${ELEVENLABS.withDraft} has no branch nope (branches: main (${elevenLabsBranchId(ELEVENLABS.withDraft, 'main')}), experiment (${elevenLabsBranchId(ELEVENLABS.withDraft, 'experiment')})).`,
        'Fix: Set branch to one of the branch names or ids listed, or leave it empty for the main branch.',
      ],
    },
    {
      name: 'ElevenLabs: a commit that made no new version',
      act: () => {
        emulator.setReadings({ elevenLabsCommit: 'ignored' });
        return run('elevenlabs', { 'agent-id': ELEVENLABS.withDraft, branch: 'experiment' });
      },
      says: [
        'ElevenLabs answered the commit of branch experiment but made no new version; no traffic was moved.',
      ],
    },
    {
      name: 'ElevenLabs: a commit whose version lacks the pending changes',
      act: () => {
        emulator.setReadings({ elevenLabsCommit: 'empty-version' });
        return run('elevenlabs', { 'agent-id': ELEVENLABS.withDraft, branch: 'experiment' });
      },
      says: [
        'ElevenLabs answered the commit of branch experiment but made version agtvrsn_',
        ', but the pending changes are still uncommitted (the version lacks them); no traffic was moved.',
      ],
    },
    {
      name: 'Retell: a canary on a number that routes part of its calls to "latest"',
      act: () => {
        const phone = emulator.state.retell.phoneNumbers.get(RETELL_PHONES.pinned);
        if (phone === undefined) throw new Error('no pinned number');
        phone.inbound_agents = [{ agent_id: RETELL.withDraft, agent_version: 'latest', weight: 1 }];
        return run('retell', {
          'agent-id': RETELL.withDraft,
          'phone-numbers': RETELL_PHONES.pinned,
          'traffic-percent': '10',
        });
      },
      says: [
        `Retell number ${RETELL_PHONES.pinned} inbound routes part of its calls to "latest" (the newest version, which after a publish is often an unpublished draft), and a canary would keep the rest of the calls on it; nothing was changed.`,
        `Fix: Pin ${RETELL_PHONES.pinned} inbound to a version number first`,
      ],
    },
    {
      name: 'ElevenLabs: a draft behind its branch tip',
      act: () => {
        const [main] = emulator.state.elevenlabs.agents.get(ELEVENLABS.withDraft)?.branches ?? [];
        if (main === undefined) throw new Error('no main branch');
        main.draftBehindTip = true;
        return run('elevenlabs', { 'agent-id': ELEVENLABS.withDraft });
      },
      says: [
        'The pending changes on branch main were made against an earlier version of the branch (draft_is_behind_tip): committing them could undo the newer commits; nothing was changed.',
        'Fix: Rebase the draft of branch main onto its newest version in the ElevenLabs app (or discard it and edit again), then re-run.',
      ],
    },
    {
      name: 'ElevenLabs: no branch given, and no main branch named by the agent read',
      act: () => {
        emulator.setReadings({ elevenLabsMainBranch: 'absent' });
        return run('elevenlabs', { 'agent-id': ELEVENLABS.withDraft });
      },
      says: [
        `ElevenLabs agent ${ELEVENLABS.withDraft} did not name its main branch (main_branch_id is absent from the agent read) (branches: main (`,
        'Fix: Set branch to the branch to release (for example main): without main_branch_id an empty branch cannot be resolved.',
      ],
    },
    {
      name: 'Diga: a full page of versions that does not say whether more follow',
      act: () => {
        emulator.setReadings({ digaPaging: 'neither' });
        return run('diga', { 'agent-id': DIGA.longHistory });
      },
      says: [
        'Diga answered a full page of versions without saying whether more follow (no has_more, no total_pages).',
        'Fix: Set version to the version UUID to publish, then re-run; if it persists, please open an issue.',
      ],
    },
    {
      name: 'Diga: a publish refused while other numbers serve the version live',
      act: () => {
        emulator.setReadings({ digaOtherNumbers: 'refuse' });
        emulator.state.diga.agents.get(DIGA.withNewVersion)?.other_phones.push({
          id: 'b7e2c3d4-0000-4000-8000-00000000aa01',
          number: '+34910000099',
          direction: 'inbound',
          status: 'assigned',
          version_id: null,
        });
        return run('diga', { 'agent-id': DIGA.withNewVersion });
      },
      says: [
        `nothing was changed. Diga keeps one published version per agent, and a number that serves another blocks the change: numbers +34910000000, +34910000099 of agent ${DIGA.withNewVersion} serve the version published now.`,
        'Fix: In Diga → Phones, unbind those numbers from the agent, re-run the step, then bind them again: they then serve the version it published.',
      ],
    },
    {
      name: 'Langdock: a dedicated deployment base-url without /api/public',
      act: () =>
        run('langdock', { 'agent-id': LANGDOCK.withChanges, 'base-url': `${emulator.origin}/langdock` }),
      says: [
        '/langdock does not end in /api/public)',
        "Fix: Set base-url to your deployment's API address, <deployment-url>/api/public (e.g. http://",
      ],
    },
    {
      name: 'a rollback with nowhere to look for its target',
      act: () => run('elevenlabs', { 'agent-id': ELEVENLABS.withDraft, operation: 'rollback' }),
      says: [
        `ElevenLabs agent ${ELEVENLABS.withDraft}: no version to roll back to: no environment is set, so there is no release history to look in.`,
        'Fix: Set version to the version to put back (e.g. version: 7), or set environment to where earlier releases were recorded.',
      ],
    },
  ])('$name', async ({ act, says }) => {
    const result = await act();
    expect(result.exitCode).toBe(1);
    const line = errorLine(result.stdout);
    for (const text of says) expect(line).toContain(text);
  });
});

describe('a success says what needs a look', () => {
  it('Talkover: a readiness flag read false', async () => {
    const result = await run('talkover', { 'agent-id': TALKOVER.notReady });
    expect(result.stdout).toContain(
      '::warning::Talkover agent %s: Talkover shows is_ready_to_publish: false for this agent; the publish is sent anyway and Talkover answers 422 with what is missing if it is not ready.'.replace(
        '%s',
        TALKOVER.notReady,
      ),
    );
  });

  it('Langdock: a publish answered without its version number', async () => {
    emulator.failNext({ provider: 'langdock', method: 'POST', status: 200, body: { status: 'success' } });
    const result = await run('langdock', { 'agent-id': LANGDOCK.withChanges });
    expect(result.stdout).toContain(
      'Langdock published the agent but did not say which version number it got.',
    );
  });

  it('Diga: a dry run names the version live and the one it would publish', async () => {
    const result = await run('diga', { 'agent-id': DIGA.manyVersions, 'dry-run': 'true' });
    expect(result.stdout).toContain('version 14 is live; publish v15');
  });

  it('tests still running: how many, which run, and when it reads again', async () => {
    const test = emulator.state.elevenlabs.testing.tests.get('test_greeting');
    if (test === undefined) throw new Error('no test_greeting');
    Object.assign(test, { pendingPolls: 1 });
    const result = await run('elevenlabs', { 'agent-id': ELEVENLABS.withDraft, tests: 'attached' });
    expect(result.stdout).toMatch(
      /: 1 of 2 test\(s\) still running \(run suiteinv_0001\); reading again in \d+\.\d s$/m,
    );
  });

  it('ElevenLabs: no draft the key can see, and why', async () => {
    const result = await run('elevenlabs', { 'agent-id': ELEVENLABS.upToDate });
    expect(result.outputs.status).toBe('unchanged');
    expect(result.result.reason).toBe(
      "branch main has no uncommitted changes that this key's user can see (drafts belong to the user who made them: changes someone else made in the app are committed from the app, or with their key)",
    );
  });

  it('Diga: phone bindings the key may not read, and a number the answer shows unbound', async () => {
    emulator.setReadings({ digaOmittedPhone: 'unbinds' });
    emulator.failNext({
      provider: 'diga',
      path: '/v1/phone/',
      status: 403,
      body: { status: 'error', error_code: 'FORBIDDEN', message: 'Missing phones.read' },
    });
    const result = await run('diga', { 'agent-id': DIGA.withNewVersion });
    expect(result.result.warnings).toEqual(
      expect.arrayContaining([
        `Could not read the agent's phone bindings (HTTP 403: the key lacks phones read permission), so none is re-sent; if Diga reads a left-out phone field as "none", a bound number would be unbound. The outputs show the bindings Diga answers.`,
        'Diga answered that no phone number routes inbound calls to this agent after the change. If a number was bound, it may have been unbound: check Diga → Phones, and set inbound-phone-number-id to bind it again.',
      ]),
    );
  });

  it('Diga: an unpublish that unbound a number names the number', async () => {
    emulator.setReadings({ digaOmittedPhone: 'unbinds' });
    const result = await run('diga', { 'agent-id': DIGA.withNewVersion, operation: 'unpublish' });
    expect(result.result.warnings).toContain(
      `Diga answered that no phone number routes inbound calls to this agent after the change (it was ${DIGA.inboundPhone}). If a number was bound, it may have been unbound: check Diga → Phones, and set inbound-phone-number-id to bind it again.`,
    );
  });

  it('ElevenLabs: a draft read that answers the last commit cannot be compared yet', async () => {
    emulator.setReadings({ elevenLabsDraftRead: 'last-commit' });
    const id = ELEVENLABS.withDraft;
    const result = await run('elevenlabs', { 'agent-id': id, 'dry-run': 'true' });
    const agent = emulator.state.elevenlabs.agents.get(id);
    const tip = agent?.branches.find((branch) => branch.id === agent.main_branch_id)?.versions.at(-1)?.id;
    expect(JSON.parse(result.outputs.diff ?? '{}')).toMatchObject({
      unreadable: `the pending draft of branch ${String(agent?.main_branch_id)}: ElevenLabs answers the branch with its last commit (${String(tip)}), not with the pending changes; they can be compared once committed`,
    });
  });

  it('an unchanged Talkover agent gives its state', async () => {
    const result = await run('talkover', { 'agent-id': TALKOVER.published });
    expect(result.summary).toContain('the agent is already published');
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

describe('a route says what may send its calls elsewhere', () => {
  const warningOf = (result: ActionRun, target: string) =>
    (JSON.parse(result.outputs.routes ?? '[]') as RouteRecord[]).find((route) => route.target === target)
      ?.warning;

  it('Retell: a number with an inbound webhook', async () => {
    const phone = emulator.state.retell.phoneNumbers.get(RETELL_PHONES.pinned);
    if (phone) phone.inbound_webhook_url = 'https://hooks.example.com/retell';
    const result = await run('retell', {
      'agent-id': RETELL.withDraft,
      'phone-numbers': RETELL_PHONES.pinned,
    });
    expect(warningOf(result, RETELL_PHONES.pinned)).toBe(
      `Retell number ${RETELL_PHONES.pinned} has an inbound webhook (inbound_webhook_url): its answer may override the agent of each call, so calls may not go where this route says.`,
    );
  });

  it('Retell: a number outside the step that follows latest_published during a canary', async () => {
    const result = await run('retell', {
      'agent-id': RETELL.withDraft,
      'phone-numbers': RETELL_PHONES.pinned,
      'traffic-percent': '10',
    });
    expect(warningOf(result, RETELL_PHONES.followsLatest)).toBe(
      `Retell number ${RETELL_PHONES.followsLatest} inbound follows latest_published and is not in phone-numbers: the publish moved all of its calls to version 2, not traffic-percent of them. For a canary, list it in phone-numbers (it is then pinned first), or pin it to a version.`,
    );
  });

  it('ElevenLabs: a number pinned to a branch the split gives no traffic', async () => {
    const id = ELEVENLABS.withDraft;
    emulator.state.elevenlabs.agents.get(id)?.phone_numbers.push({
      phone_number: '+14155550201',
      phone_number_id: 'phnum_14155550201',
      label: '+14155550201',
      provider: 'twilio',
      assigned_agent: {
        agent_id: id,
        agent_name: 'Concierge',
        branch_id: elevenLabsBranchId(id, 'experiment'),
      },
    });
    const result = await run('elevenlabs', { 'agent-id': id });
    expect(warningOf(result, '+14155550201')).toMatch(
      /^ElevenLabs number \+14155550201 is pinned to branch experiment, which the split \(.+\) gives no traffic: its calls still go to experiment\. Change the number's branch in the ElevenLabs app\.$/,
    );
  });
});
