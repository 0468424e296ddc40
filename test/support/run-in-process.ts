// Runs the action in this process: run() (src/main.ts) with a fake runner (fake-runner.ts), given the
// inputs and environment runAction gives the bundle. Same ActionRun, same leak scan, no build and no
// child process, so a test can switch between the two by its import. What needs a process of its own
// (exit codes, what the runner reads from stdout, proxy variables, NODE_OPTIONS) stays with runAction.
import { run } from '../../src/main.ts';
import { fakeRunner } from './fake-runner.ts';
import { virtualClock, type VirtualClock } from './virtual-clock.ts';
import {
  assertNoLeaksIn,
  declaredInputDefaults,
  GITHUB_ENV,
  keysOfRun,
  resultOf,
  type ActionRun,
} from './run-action.ts';

/**
 * Runs never overlap: the HTTP client's connection pool is one per process, and a run closes it as it
 * ends, so runs started together (Promise.all) take turns.
 */
let previous: Promise<unknown> = Promise.resolve();

/** `clock`: the step's clock; by default a virtual one that starts when the run does. */
export function runInProcess(
  inputs: Record<string, string>,
  env: Record<string, string> = {},
  clock?: VirtualClock,
): Promise<ActionRun> {
  const next = previous.then(() => runOnce(inputs, env, clock ?? virtualClock()));
  previous = next.catch(() => undefined);
  return next;
}

async function runOnce(
  inputs: Record<string, string>,
  env: Record<string, string>,
  clock: VirtualClock,
): Promise<ActionRun> {
  const runner = fakeRunner({
    inputs: { ...(await declaredInputDefaults()), ...inputs },
    env: { ...GITHUB_ENV, ...env },
    clock,
  });
  try {
    await run(runner);
  } catch (error) {
    // As src/index.ts does: run() reports every expected failure itself.
    runner.setFailed(
      `publish-agent: unexpected error: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const stdout = runner.lines.map((line) => `${line}\n`).join('');
  const outputText = Object.entries(runner.outputs)
    .map(([name, value]) => `${name}=${value}\n`)
    .join('');
  assertNoLeaksIn(stdout, [outputText, runner.summary], keysOfRun(inputs, env));
  return {
    exitCode: runner.failures.length === 0 ? 0 : 1,
    stdout,
    stderr: '',
    outputs: { ...runner.outputs },
    summary: runner.summary,
    result: resultOf(runner.outputs),
    waits: clock.waits,
  };
}
