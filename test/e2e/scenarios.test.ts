// Every workflow of the README and docs/ that uses the action, run against the emulator for the events
// its text describes, in order: each run must end as the text promises. The promises are the table
// below, keyed by `file#section`; a workflow added to the docs without its promises here fails.
//
// For a docs writer: a scenario is a list of events (a tag push, or a dispatch with the form's
// choices) and, for each, what every step of this action ends with: its `status`, `version`, and
// where calls go (`routes`: each route's shares after the step, "version percent", largest first).
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIGA, ELEVENLABS, elevenLabsBranchId } from '../emulator/seed.ts';
import { docWorkflows, runDocWorkflow, type DocEvent, type StepRun } from '../support/doc-scenarios.ts';
import { bundlePath, parseOutputFile, ROOT, shownLog } from '../support/run-action.ts';
import { useEmulator, useGitHubEmulator } from '../support/use-emulator.ts';
import { validateEveryRequest } from '../support/validate-requests.ts';

const emulator = useEmulator();
validateEveryRequest(emulator);
const github = useGitHubEmulator();

/** What one step of the action ended with; only the keys given are checked. */
interface Ending {
  readonly status?: string;
  readonly version?: string;
  readonly description?: string;
  readonly routes?: Readonly<Record<string, string>>;
  readonly counts?: string;
  readonly warnings?: number;
  readonly outputs?: Readonly<Record<string, string>>;
}

interface Run {
  readonly event: DocEvent;
  /** One promise per run of the action's steps, in order (matrix jobs: one per entry). */
  readonly steps: readonly Ending[];
}

const TAG: DocEvent = { name: 'push', tag: 'v1.4.0' };
const dispatch = (inputs: Record<string, string> = {}): DocEvent => ({ name: 'workflow_dispatch', inputs });

/** The ElevenLabs agent's branches, as the traffic output names them. */
const MAIN = elevenLabsBranchId(ELEVENLABS.withDraft, 'main');
const EXPERIMENT = elevenLabsBranchId(ELEVENLABS.withDraft, 'experiment');

/** Both numbers of the release workflow, every direction, all calls on one version. */
const ALL_ON = (version: string) => ({
  '+14155550101 inbound': `${version} 100%`,
  '+14155550102 inbound': `${version} 100%`,
  '+14155550102 outbound': `${version} 100%`,
});

const SCENARIOS: Readonly<Record<string, readonly (readonly Run[])[]>> = {
  'README.md#quick-start': [
    [
      // "publishes the agent's newest draft version with the description v1.4.0 (a1b2c3d)"
      { event: TAG, steps: [{ status: 'published', version: '2', description: 'v1.4.0 (a1b2c3d)' }] },
      // "If that version is already live, the step succeeds with status unchanged"
      { event: TAG, steps: [{ status: 'unchanged', version: '2' }] },
    ],
  ],
  'README.md#on-a-tag-push-with-your-own-description': [
    [{ event: TAG, steps: [{ status: 'published', version: '4', description: 'v1.4.0 - spring menu' }] }],
  ],
  'README.md#by-hand-publish-or-unpublish': [
    [
      // "the dry run is on by default, so a first click only shows what would happen"
      { event: dispatch(), steps: [{ status: 'dry-run' }] },
      {
        event: dispatch({ 'dry-run': 'false' }),
        steps: [
          { status: 'published', version: '3', outputs: { 'inbound-phone-number-id': DIGA.inboundPhone } },
        ],
      },
      // "an unpublish gets no warning about it"
      {
        event: dispatch({ operation: 'unpublish', 'dry-run': 'false' }),
        steps: [{ status: 'unpublished', warnings: 0 }],
      },
    ],
    [
      {
        event: dispatch({ version: '1', 'dry-run': 'false' }),
        steps: [{ status: 'published', version: '1' }],
      },
    ],
  ],
  'README.md#many-agents-a-manifest': [
    [{ event: TAG, steps: [{ status: 'published', counts: '2 published, 1 unchanged, 0 failed' }] }],
  ],
  'README.md#canary-and-rollback': [
    [
      // "A tag push sends 10 % of the calls … to the new version"; ElevenLabs: the branch gets that share
      {
        event: TAG,
        steps: [
          { status: 'published', version: '2', routes: { '+14155550101 inbound': '1 90% · 2 10%' } },
          { status: 'published', routes: { agent: `${MAIN} 90% · ${EXPERIMENT} 10%` } },
        ],
      },
      // "a workflow_dispatch promotes it to all calls"
      {
        event: dispatch({ step: 'promote' }),
        steps: [
          { version: '2', routes: { '+14155550101 inbound': '2 100%' } },
          { routes: { agent: `${EXPERIMENT} 100%` } },
        ],
      },
    ],
    [
      // canary → promote → rollback: "a canary and its promotion are one release", so each route goes back to
      // what it served before the canary: Retell v1, ElevenLabs main at 100 %
      { event: TAG, steps: [{ status: 'published' }, { status: 'published' }] },
      {
        event: dispatch({ step: 'promote' }),
        steps: [{ version: '2' }, { routes: { agent: `${EXPERIMENT} 100%` } }],
      },
      {
        event: dispatch({ step: 'rollback' }),
        steps: [
          { status: 'rolled-back', version: '1', routes: { '+14155550101 inbound': '1 100%' } },
          { status: 'rolled-back', routes: { agent: `${MAIN} 100%` } },
        ],
      },
    ],
    [
      { event: TAG, steps: [{ status: 'published' }, { status: 'published' }] },
      // "or rolls back": each to what it served before the release recorded in its environment
      {
        event: dispatch({ step: 'rollback' }),
        steps: [
          { status: 'rolled-back', version: '1', routes: { '+14155550101 inbound': '1 100%' } },
          { status: 'rolled-back', routes: { agent: `${MAIN} 100%` } },
        ],
      },
    ],
  ],
  // "A plan job shows what goes live … The publish job waits for a person"
  'README.md#review-before-release': [
    [{ event: TAG, steps: [{ status: 'dry-run' }, { status: 'published', version: '2' }] }],
  ],
  // "publishes only if at least min-pass-rate % pass": the emulator's attached tests all pass
  'README.md#publish-only-if-the-tests-pass': [[{ event: TAG, steps: [{ status: 'published' }] }]],
  'docs/deployments.md#github-deployments': [
    [
      {
        event: TAG,
        steps: [
          {
            status: 'published',
            version: '2',
            outputs: { 'deployment-id': expect.stringMatching(/^\d+$/) as string },
          },
        ],
      },
    ],
  ],
  'docs/canary-and-rollback.md#a-release-workflow': [
    [
      {
        event: TAG,
        steps: [
          {
            status: 'published',
            version: '2',
            routes: {
              '+14155550101 inbound': '1 90% · 2 10%',
              '+14155550102 inbound': '1 90% · 2 10%',
              '+14155550102 outbound': '1 90% · 2 10%',
            },
          },
        ],
      },
      { event: dispatch({ step: 'promote' }), steps: [{ version: '2', routes: ALL_ON('2') }] },
      // "rollback puts the previous version back": chosen from the deployment records of the canary and promotion
      {
        event: dispatch({ step: 'rollback' }),
        steps: [{ status: 'rolled-back', version: '1', routes: ALL_ON('1') }],
      },
    ],
    [
      { event: TAG, steps: [{ status: 'published' }] },
      // "the version to put back"
      {
        event: dispatch({ step: 'rollback', version: '0' }),
        steps: [{ status: 'rolled-back', version: '0', routes: ALL_ON('0') }],
      },
    ],
  ],
  'docs/manifest.md#many-agents-the-manifest': [
    [{ event: TAG, steps: [{ status: 'published', counts: '3 published, 1 unchanged, 0 failed' }] }],
  ],
  'docs/manifest.md#a-job-matrix': [
    [
      {
        event: TAG,
        // The plan, then one job per agent with something to do (the agent already live has none).
        steps: [
          { status: 'dry-run' },
          { status: 'published', version: '2' },
          { status: 'published', version: '3' },
          { status: 'published', version: '4' },
        ],
      },
    ],
  ],
};

/** A route's shares after the step, as "version percent", largest first. */
function routesOf(traffic: string | undefined): Record<string, string> {
  const routes = JSON.parse(traffic || '[]') as {
    target: string;
    direction?: string;
    after: { version: string; weight: string; agentId?: string }[];
  }[];
  return Object.fromEntries(
    routes.map((route) => [
      route.direction === undefined ? route.target : `${route.target} ${route.direction}`,
      [...route.after]
        .sort((a, b) => Number(b.weight) - Number(a.weight))
        .map(
          (share) =>
            `${share.agentId === undefined ? '' : `${share.agentId} `}${share.version} ${Number(share.weight) * 100}%`,
        )
        .join(' · '),
    ]),
  );
}

/** What a step ended with, in the terms of the promises. */
function ended(step: StepRun, promise: Ending): Ending {
  const { outputs, stdout } = step.run;
  const seen: Record<string, unknown> = {
    status: outputs.status,
    version: outputs.version,
    description: step.run.result.description,
    routes: routesOf(outputs.traffic),
    counts: `${outputs['published-count']} published, ${outputs['unchanged-count']} unchanged, ${outputs['failed-count']} failed`,
    warnings: shownLog(stdout)
      .split('\n')
      .filter((line) => line.startsWith('Warning:')).length,
    outputs: Object.fromEntries(Object.keys(promise.outputs ?? {}).map((name) => [name, outputs[name]])),
  };
  return Object.fromEntries(Object.keys(promise).map((key) => [key, seen[key]]));
}

const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const DOCS = [
  'README.md',
  ...readdirSync(path.join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];
const workflows = docWorkflows(Object.fromEntries(DOCS.map((file) => [file, read(file)])));

describe('the workflows of the README and docs/', () => {
  it('each have their promises here, and each promise its workflow', () => {
    expect(workflows.map((workflow) => workflow.key).sort()).toEqual(Object.keys(SCENARIOS).sort());
  });

  const cases = workflows.flatMap((workflow) =>
    (SCENARIOS[workflow.key] ?? []).map(
      (runs, index) =>
        [
          `${workflow.key} (${runs.map((run) => describeEvent(run.event)).join(', then ')})`,
          workflow,
          runs,
          index,
        ] as const,
    ),
  );
  it.each(cases)('%s does what its text says', async (_name, workflow, runs) => {
    for (const [at, expected] of runs.entries()) {
      const steps = await runDocWorkflow(workflow, expected.event, {
        baseUrls: emulator.baseUrls,
        githubApi: github.origin,
      });
      const where = `${describeEvent(expected.event)} (run ${at + 1})`;
      expect(
        steps.map((step) => step.run.exitCode),
        where,
      ).toEqual(expected.steps.map(() => 0));
      expect(
        steps.map((step, i) => ended(step, expected.steps[i] ?? {})),
        where,
      ).toEqual(expected.steps);
    }
  });
});

function describeEvent(event: DocEvent): string {
  if (event.name === 'push') return `push ${event.tag}`;
  const choices = Object.entries(event.inputs ?? {}).map(([name, value]) => `${name}=${value}`);
  return choices.length === 0 ? 'dispatch' : `dispatch ${choices.join(' ')}`;
}

/** The README's command that runs the action by hand, in a shell, against this emulator and the fresh bundle. */
async function runHandCommand(): Promise<{
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}> {
  const command = /```sh\n((?:(?!```)[\s\S])*node dist\/index\.js\n)```/.exec(read('README.md'))?.[1];
  if (command === undefined) throw new Error('the README has no sh block that runs node dist/index.js');
  const dir = await mkdtemp(path.join(tmpdir(), 'publish-agent-by-hand-'));
  const script = command
    .replaceAll('http://127.0.0.1:4010', new URL(emulator.baseUrls.retell).origin)
    .replace('node dist/index.js', `node ${JSON.stringify(bundlePath())}`);
  try {
    const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
      execFile(
        'sh',
        ['-euc', script],
        { cwd: dir, env: { PATH: process.env.PATH ?? '' } },
        (error, out, err) => {
          if (error) reject(new Error(`${error.message}\n${out}\n${err}`));
          else resolve({ stdout: out, stderr: err });
        },
      );
    });
    const outputs = parseOutputFile(await readFile(path.join(dir, 'outputs.txt'), 'utf8'));
    return { stdout, stderr, outputs, summary: await readFile(path.join(dir, 'summary.md'), 'utf8') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe("the README's command to run the action by hand", () => {
  it('writes the outputs and the summary, warns nothing, and ends unchanged when run again', async () => {
    const first = await runHandCommand();
    expect(first.stdout).not.toMatch(/^::(set-output|warning|error)/m);
    expect(first.stderr).toBe('');
    expect(first.outputs).toMatchObject({ status: 'published', version: '2' });
    expect(first.summary).toContain(first.outputs['agent-id']);
    const second = await runHandCommand();
    expect(second.outputs).toMatchObject({ status: 'unchanged', version: '2' });
  });
});
