// Every hostile input (test/support/hostile-inputs.ts), given to the action in-process: each run must fail
// with an error that names the input and gives a fix, and not one request may reach the emulator, across
// the whole table. A sample also runs through the bundle (test/e2e/hostile-inputs.test.ts).
import { expect, it } from 'vitest';
import { HOSTILE_INPUTS } from '../support/hostile-inputs.ts';
import { describeHostileInputs } from '../support/hostile-runs.ts';
import { runInProcess } from '../support/run-in-process.ts';

it('has at least 40 cases', () => {
  expect(HOSTILE_INPUTS.length).toBeGreaterThanOrEqual(40);
});

describeHostileInputs(HOSTILE_INPUTS, runInProcess);
