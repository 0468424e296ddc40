// The V8 flag the action sets at its first request (src/http/transport.ts): V8 must know it (an unknown
// flag is only an error on stderr), and setting it must not make V8 reject the code cache of Node's
// built-ins (NODE_DEBUG_NATIVE=CODE_CACHE prints every rejection), on one publish and on a manifest.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { WASM_TIERING_FLAG } from '../../src/http/transport.ts';
import { FLEET, KEYS, PUBLISHABLE } from '../emulator/seed.ts';
import { runAction, type ActionRun } from '../support/run-action.ts';
import { useEmulator } from '../support/use-emulator.ts';

const emulator = useEmulator();
const CODE_CACHE = { NODE_DEBUG_NATIVE: 'CODE_CACHE' };

function expectNoRejection(run: ActionRun): void {
  expect(run.exitCode).toBe(0);
  // The debug output is there: a run that printed none would prove nothing.
  expect(run.stderr).toMatch(/code cache/i);
  expect(run.stderr).not.toMatch(/rejected/i);
  expect(run.stderr).not.toMatch(/unrecognized flag/i);
}

describe(`V8 flag ${WASM_TIERING_FLAG}`, () => {
  it('is a flag of the V8 in the Node the action runs on', () => {
    // The runs below use the Node the tests run on: Node 24 from node_modules/.bin, as the runner's node24.
    expect(process.versions.node.split('.')[0]).toBe('24');
    const name = WASM_TIERING_FLAG.replace(/=.*$/, '');
    const options = execFileSync(process.execPath, ['--v8-options'], { encoding: 'utf8' });
    expect(options).toContain(`${name} (`);
  });

  it('leaves the code cache of every built-in accepted on a publish', async () => {
    const run = await runAction(
      {
        provider: 'talkover',
        'agent-id': PUBLISHABLE.talkover,
        'api-key': KEYS.talkover,
        'base-url': emulator.baseUrls.talkover,
      },
      CODE_CACHE,
    );
    expectNoRejection(run);
  });

  it('leaves the code cache of every built-in accepted on a manifest', async () => {
    const manifest = JSON.stringify(
      (['talkover', 'retell', 'diga'] as const).flatMap((provider) =>
        FLEET[provider].slice(0, 2).map((agentId) => ({
          provider,
          'agent-id': agentId,
          'base-url': emulator.baseUrls[provider],
        })),
      ),
    );
    const run = await runAction(
      { manifest },
      {
        ...CODE_CACHE,
        TALKOVER_API_KEY: KEYS.talkover,
        RETELL_API_KEY: KEYS.retell,
        DIGA_API_KEY: KEYS.diga,
      },
    );
    expectNoRejection(run);
    expect(run.outputs['published-count']).toBe('6');
  });
});
