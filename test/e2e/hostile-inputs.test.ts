// A few hostile inputs given to the bundle (built fresh from src/), as the runner gives them (INPUT_*
// variables): each run must fail with an error that names the input and gives a fix, and not one request may
// reach the emulator. The whole table runs in-process (test/inprocess/hostile-inputs.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/server.ts';
import { KEYS, PUBLISHABLE } from '../emulator/seed.ts';
import { HOSTILE_INPUTS, NEVER_QUOTED } from '../support/hostile-inputs.ts';
import { runAction } from '../support/run-action.ts';

// Not reset between tests: the runs are concurrent, and the count must stay 0 for all of them together.
let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  expect(emulator.requests).toHaveLength(0);
  await emulator.close();
});

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

describe.concurrent('hostile input is refused before any request', () => {
  it('has every case of the sample', () => {
    expect(SAMPLE).toHaveLength(SMOKE.length);
  });

  it.each(SAMPLE.map((hostile) => [hostile.name, hostile] as const))('%s', async (_name, hostile) => {
    const result = await runAction({
      provider: hostile.provider,
      'agent-id': PUBLISHABLE[hostile.provider],
      'api-key': KEYS[hostile.provider],
      'base-url': emulator.baseUrls[hostile.provider],
      ...hostile.inputs,
    });
    expect(result.exitCode).toBe(1);
    const error = /^::error::publish-agent: (.*)$/m.exec(result.stdout)?.[1] ?? '';
    expect(error).toContain(`Input "${hostile.input}"`);
    expect(error).toContain('%0AFix: ');
    expect(error.replace(/%0A/g, ' ')).toContain(hostile.says);
    expect(result.stdout).not.toMatch(/^\s+at /m); // no stack trace
    expect(result.outputs.status).toBe('failed');
    expect(result.summary).toContain(`Input "${hostile.input}"`);
    for (const secret of NEVER_QUOTED) expect(result.stdout).not.toContain(secret);
    expect(emulator.requests).toHaveLength(0);
  });
});
