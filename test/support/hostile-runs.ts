// The hostile-input and hostile-provider tables as tests, run through the bundle (test/e2e/, a sample)
// or in-process (test/inprocess/, every case): one body each, so the two can only differ in the run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { PWNED, makeHostile, makeHostileStatus } from '../emulator/hostile.ts';
import { KEYS, PROVIDERS, PUBLISHABLE, RETELL, TALKOVER } from '../emulator/seed.ts';
import { startEmulator, type Emulator } from '../emulator/server.ts';
import { useEndToEnd, type RunAction } from './e2e.ts';
import { NEVER_QUOTED, type HostileInput } from './hostile-inputs.ts';
import type { ActionRun } from './run-action.ts';
import { unintendedCommands } from './runner-commands.ts';
import { useGitHubEmulator } from './use-emulator.ts';

/** Each input refused before any request: the run fails naming the input with a fix, and quotes no secret. */
export function describeHostileInputs(cases: readonly HostileInput[], runAction: RunAction): void {
  // Not reset between tests: the runs are concurrent, and the count must stay 0 for all of them together.
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(async () => {
    expect(emulator.requests).toHaveLength(0);
    await emulator.close();
  });

  describe.concurrent('hostile input is refused before any request', () => {
    it.each(cases.map((hostile) => [hostile.name, hostile] as const))('%s', async (_name, hostile) => {
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
}

function expectNoInjectedCommand(result: ActionRun): void {
  expect(unintendedCommands(result.stdout, PWNED)).toEqual([]);
  expect(result.stdout).not.toMatch(/^\s+at /m);
  expect(Object.keys(result.outputs).some((name) => name.includes(PWNED))).toBe(false);
}

/**
 * Whatever text a malicious provider, a manifest name or a description holds, the runner (read as
 * runner-commands.ts reads it) finds no workflow command the action did not mean to issue, in any line
 * the action logs: plan and live-version lines, dry-run requests, the plan-only matrix (here), errors,
 * warnings and the GitHub API's answers (describeHostileAnswers).
 */
export function describeHostileProviderText(texts: readonly string[], runAction: RunAction): void {
  const { emulator, run } = useEndToEnd(runAction);

  describe.each(texts.map((text) => [JSON.stringify(text), text] as const))(
    'provider text %s',
    (_label, text) => {
      it('runs no command from names, descriptions, versions, manifest names or the matrix', async () => {
        makeHostile(emulator.state, text);
        const manifest = stringify(
          PROVIDERS.map((provider, index) => ({
            name: `${text} ${index}`,
            provider,
            'agent-id': PUBLISHABLE[provider],
            'base-url': emulator.baseUrls[provider],
          })),
        );
        const env = Object.fromEntries(
          PROVIDERS.map((provider) => [`${provider.toUpperCase()}_API_KEY`, KEYS[provider]]),
        );
        const runs = await Promise.all([
          ...PROVIDERS.map((provider) => run(provider, { 'agent-id': PUBLISHABLE[provider] })),
          run('retell', { 'agent-id': RETELL.withDraft, 'dry-run': 'true', description: text }),
          runAction({ manifest, 'plan-only': 'true' }, env),
        ]);
        for (const result of runs) expectNoInjectedCommand(result);
      });
    },
  );
}

/** The same for a provider's status and error answers, and for what the GitHub API answers. */
export function describeHostileAnswers(texts: readonly string[], runAction: RunAction): void {
  const { emulator, run } = useEndToEnd(runAction);
  const github = useGitHubEmulator();

  describe.each(texts.map((text) => [JSON.stringify(text), text] as const))(
    'provider text %s',
    (_label, text) => {
      it('runs no command from a status or an error message', async () => {
        makeHostileStatus(emulator.state, text);
        emulator.failNext({ provider: 'retell', method: 'POST', status: 422, body: { message: text } });
        emulator.failNext({ provider: 'langdock', status: 500, body: text, times: 4 });
        const runs = await Promise.all([
          run('talkover', { 'agent-id': TALKOVER.draftReady }),
          run('retell', { 'agent-id': RETELL.withDraft }),
          run('langdock', { 'agent-id': PUBLISHABLE.langdock, 'max-retries': '0' }),
        ]);
        for (const result of runs) expectNoInjectedCommand(result);
        // The error message reached the log: the retell run failed with it.
        expect(runs[1].exitCode).toBe(1);
      });

      it('runs no command from a deployment id or a message the GitHub API sends', async () => {
        github.fail({ path: /deployments$/, status: 201, body: { id: text } });
        github.fail({ path: /statuses$/, status: 422, body: { message: text } });
        const result = await run(
          'retell',
          { 'agent-id': RETELL.withDraft, environment: 'production' },
          { GITHUB_API_URL: github.origin },
        );
        expect(result.exitCode).toBe(0);
        expectNoInjectedCommand(result);
        expect(result.outputs['deployment-id']).not.toMatch(/[\r\n]/);
      });
    },
  );
}
