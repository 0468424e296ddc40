// A few hostile inputs given to the bundle (built fresh from src/), as the runner gives them (INPUT_*
// variables): each run must fail with an error that names the input and gives a fix, and not one request may
// reach the emulator. The whole table runs in-process (test/inprocess/hostile-inputs.test.ts).
import { expect, it } from 'vitest';
import { HOSTILE_INPUTS } from '../support/hostile-inputs.ts';
import { describeHostileInputs } from '../support/hostile-runs.ts';
import { runAction } from '../support/run-action.ts';

/** One of each kind: a pasted key, credentials, a line break in a variable, a number, a missing token. */
const SMOKE = [
  'key pasted into agent-id',
  'credentials in base-url',
  'line break in id',
  'key with a line break inside',
  'timeout as a word',
  'environment without a token',
];
const SAMPLE = HOSTILE_INPUTS.filter((hostile) => SMOKE.includes(hostile.name));

it('has every case of the sample', () => {
  expect(SAMPLE).toHaveLength(SMOKE.length);
});

describeHostileInputs(SAMPLE, runAction);
