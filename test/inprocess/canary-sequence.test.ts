// Canary → promote → rollback, as the README's release workflow runs it, on Retell and on ElevenLabs:
// after each step "Where calls go" lists every route of the agent, named in the step or not. A canary and
// its promotion are one release, so the rollback puts back what was live before the canary. Set
// CLOSING_ROUTES to a file path to keep the "Where calls go" of each step (issue 20's closing note).
import { describe, expect, it } from 'vitest';
import { GITHUB_TOKEN } from '../emulator/github.ts';
import { ELEVENLABS, elevenLabsBranchId, RETELL, RETELL_PHONES } from '../emulator/seed.ts';
import { keepForClosingNote, whereCallsGo } from '../support/closing-note.ts';
import { useInProcess } from '../support/in-process.ts';
import type { ActionRun } from '../support/run-action.ts';
import { useGitHubEmulator } from '../support/use-emulator.ts';
import type { RouteRecord } from '../../src/routing/where.ts';

const { emulator, run } = useInProcess();
const github = useGitHubEmulator();

type Step = readonly [string, ActionRun];

const env = () => ({ GITHUB_API_URL: github.origin });
const routeOf = (step: ActionRun, target: string) =>
  (JSON.parse(step.outputs.routes ?? '[]') as RouteRecord[]).find((route) => route.target === target);
const served = (step: ActionRun, target: string) => routeOf(step, target)?.serves;

async function retell(): Promise<Step[]> {
  const inputs = {
    'agent-id': RETELL.withDraft,
    'phone-numbers': RETELL_PHONES.pinned,
    environment: 'retell-production',
    'github-token': GITHUB_TOKEN,
  };
  const canary = await run('retell', { ...inputs, 'traffic-percent': '10' }, env());
  const promote = await run('retell', { ...inputs, 'traffic-percent': '100' }, env());
  const rollback = await run('retell', { ...inputs, operation: 'rollback' }, env());
  const steps: Step[] = [
    ['canary (traffic-percent 10)', canary],
    ['promote (traffic-percent 100)', promote],
    ['rollback (operation rollback, no version)', rollback],
  ];
  for (const [, step] of steps) expect(step.exitCode, step.stdout).toBe(0);
  expect(served(canary, RETELL_PHONES.pinned)).toEqual([
    { version: '2', weight: '0.1' },
    { version: '1', weight: '0.9' },
  ]);
  expect(served(promote, RETELL_PHONES.pinned)).toEqual([{ version: '2', weight: '1' }]);
  expect(rollback.outputs.status).toBe('rolled-back');
  expect(served(rollback, RETELL_PHONES.pinned)).toEqual([{ version: '1', weight: '1' }]);
  // Numbers the step does not name are listed too.
  expect(served(rollback, RETELL_PHONES.pinnedBoth)).toEqual([{ version: '1', weight: '1' }]);
  // A number outside the step that follows latest_published still reaches version 2, which Retell cannot
  // unpublish: marked, and named in a warning.
  expect(routeOf(rollback, RETELL_PHONES.followsLatest)).toMatchObject({ servesAsked: false });
  expect(routeOf(rollback, RETELL_PHONES.followsLatest)?.warning).toBeDefined();
  return steps;
}

/** Numbers of the agent: one follows the split, one is pinned to the canary's branch. */
function addNumbers(id: string, experiment: string): void {
  const agent = emulator.state.elevenlabs.agents.get(id);
  if (agent === undefined) throw new Error('no agent');
  for (const [number, branch] of [
    ['+14155550201', undefined],
    ['+14155550202', experiment],
  ] as const)
    agent.phone_numbers.push({
      phone_number: number,
      phone_number_id: `phnum_${number.slice(1)}`,
      label: number,
      provider: 'twilio',
      assigned_agent: { agent_id: id, agent_name: 'Concierge', ...(branch ? { branch_id: branch } : {}) },
    });
}

async function elevenLabs(): Promise<Step[]> {
  const id = ELEVENLABS.withDraft;
  const main = elevenLabsBranchId(id, 'main');
  const experiment = elevenLabsBranchId(id, 'experiment');
  addNumbers(id, experiment);
  const inputs = { 'agent-id': id, environment: 'elevenlabs-production', 'github-token': GITHUB_TOKEN };
  const canary = await run('elevenlabs', { ...inputs, branch: 'experiment', 'traffic-percent': '10' }, env());
  const promote = await run(
    'elevenlabs',
    { ...inputs, branch: 'experiment', 'traffic-percent': '100' },
    env(),
  );
  const rollback = await run('elevenlabs', { ...inputs, operation: 'rollback' }, env());
  const steps: Step[] = [
    ['canary (branch experiment, traffic-percent 10)', canary],
    ['promote (branch experiment, traffic-percent 100)', promote],
    ['rollback (operation rollback, no branch)', rollback],
  ];
  for (const [, step] of steps) expect(step.exitCode, step.stdout).toBe(0);
  expect(served(canary, 'agent')).toEqual([
    { version: main, weight: '0.9' },
    { version: experiment, weight: '0.1' },
  ]);
  expect(routeOf(canary, 'agent')).toMatchObject({ servesAsked: true });
  expect(served(promote, 'agent')).toEqual([{ version: experiment, weight: '1' }]);
  expect(rollback.outputs.status).toBe('rolled-back');
  // One release: back to what was live before the canary, not the canary's split.
  expect(served(rollback, 'agent')).toEqual([{ version: main, weight: '1' }]);
  expect(routeOf(rollback, 'agent')).toMatchObject({ servesAsked: true });
  // The number pinned to the canary's branch keeps it: its route carries a warning, which the summary shows.
  const pinned = routeOf(rollback, '+14155550202');
  expect(pinned?.warning).toBeDefined();
  expect(rollback.summary).toContain(pinned?.warning);
  return steps;
}

const section = ([title, step]: Step): readonly [string, string] => [
  `### ${title}: exit ${step.exitCode}, status ${step.outputs.status ?? ''}`,
  whereCallsGo(step.summary),
];

describe('canary → promote → rollback: where calls go', () => {
  it('on Retell and on ElevenLabs, the rollback puts back what was live before the canary', async () => {
    const retellSteps = await retell();
    const elevenLabsSteps = await elevenLabs();
    keepForClosingNote('CLOSING_ROUTES', {
      title:
        'Issue 20: "Where calls go" after canary → promote → rollback (in-process runs against the emulator)',
      intro:
        'In-process runs of the action (src/main.ts run() with the fake runner) against the emulator and the GitHub API stand-in, made by `CLOSING_ROUTES=<file> npx vitest run --project unit test/inprocess/canary-sequence.test.ts`.',
      sections: [
        [
          '## Retell (agent with draft 2; +14155550101 in the step; other numbers of the agent not named)',
          '',
        ],
        ...retellSteps.map(section),
        [
          '## ElevenLabs (agent with branches main and experiment; numbers +14155550201 follows the split, +14155550202 pinned to experiment)',
          '',
        ],
        ...elevenLabsSteps.map(section),
      ],
    });
  });
});
