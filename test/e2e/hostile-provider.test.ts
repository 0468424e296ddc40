// A malicious provider, a hostile manifest name and a hostile description against the committed
// bundle: whatever text they hold, the runner (read as test/support/runner-commands.ts reads it)
// finds no workflow command the action did not mean to issue, in any line the action logs (plan and
// live-version lines, dry-run requests, the plan-only matrix, errors and warnings).
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { HOSTILE_PROVIDER_TEXT, PWNED, makeHostile, makeHostileStatus } from '../emulator/hostile.ts';
import { KEYS, PROVIDERS, PUBLISHABLE, RETELL, TALKOVER } from '../emulator/seed.ts';
import { useEndToEnd } from '../support/e2e.ts';
import { runAction, type ActionRun } from '../support/run-action.ts';
import { unintendedCommands } from '../support/runner-commands.ts';
import { useGitHubEmulator } from '../support/use-emulator.ts';

const { emulator, run } = useEndToEnd();
const github = useGitHubEmulator();

function expectNoInjectedCommand(result: ActionRun): void {
  expect(unintendedCommands(result.stdout, PWNED)).toEqual([]);
  expect(result.stdout).not.toMatch(/^\s+at /m);
  expect(Object.keys(result.outputs).some((name) => name.includes(PWNED))).toBe(false);
}

describe.each(HOSTILE_PROVIDER_TEXT.map((text) => [JSON.stringify(text), text] as const))(
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
