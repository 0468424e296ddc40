// Every hostile input, given to the action in-process: each run must fail with an error that names the input
// and gives a fix, and not one request may reach the emulator, across the whole table. A sample also runs
// through the bundle (test/e2e/hostile-inputs.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/server.ts';
import { KEYS, PUBLISHABLE } from '../emulator/seed.ts';
import { HOSTILE_INPUTS, NEVER_QUOTED } from '../support/hostile-inputs.ts';
import { runInProcess as runAction } from '../support/run-in-process.ts';

// Not reset between tests: the runs are concurrent (runInProcess takes them in turn), and the count must stay 0 for all of them together.
let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  expect(emulator.requests).toHaveLength(0);
  await emulator.close();
});

describe.concurrent('hostile input is refused before any request', () => {
  it('has at least 40 cases', () => {
    expect(HOSTILE_INPUTS.length).toBeGreaterThanOrEqual(40);
  });

  it.each(HOSTILE_INPUTS.map((hostile) => [hostile.name, hostile] as const))('%s', async (_name, hostile) => {
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
