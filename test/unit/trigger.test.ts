import { describe, expect, it } from 'vitest';
import { readTrigger } from '../../src/inputs/context.ts';
import { GITHUB_ENV } from '../support/run-action.ts';

/** The lookup the runner gives, over these variables. */
const variables = (env: Readonly<Record<string, string | undefined>>) => (name: string) => env[name];

describe('readTrigger', () => {
  it("reads the runner's GITHUB_* variables and links the run and the commit", () => {
    expect(readTrigger(variables(GITHUB_ENV))).toEqual({
      eventName: 'push',
      ref: 'refs/tags/v1.4.0',
      sha: GITHUB_ENV.GITHUB_SHA,
      repository: 'acme/voice-agents',
      actor: 'octocat',
      workflow: 'Release agents',
      runNumber: 42,
      runUrl: 'https://github.com/acme/voice-agents/actions/runs/1234567890',
      commitUrl: `https://github.com/acme/voice-agents/commit/${GITHUB_ENV.GITHUB_SHA}`,
    });
  });

  it('defaults the server to github.com, as on a runner that does not set it', () => {
    expect(readTrigger(variables({ ...GITHUB_ENV, GITHUB_SERVER_URL: undefined })).runUrl).toBe(
      'https://github.com/acme/voice-agents/actions/runs/1234567890',
    );
  });

  it('links to a GitHub Enterprise server', () => {
    const trigger = readTrigger(variables({ ...GITHUB_ENV, GITHUB_SERVER_URL: 'https://git.example.com' }));
    expect(trigger.runUrl).toBe('https://git.example.com/acme/voice-agents/actions/runs/1234567890');
  });

  it('outside a runner: empty fields, run number 0 and no links', () => {
    expect(readTrigger(variables({}))).toEqual({
      eventName: '',
      ref: '',
      sha: '',
      repository: '',
      actor: '',
      workflow: '',
      runNumber: 0,
      runUrl: undefined,
      commitUrl: undefined,
    });
  });

  it('gives no links for a malformed run id or without a repository', () => {
    expect(readTrigger(variables({ ...GITHUB_ENV, GITHUB_RUN_ID: 'x' })).runUrl).toBeUndefined();
    expect(readTrigger(variables({ ...GITHUB_ENV, GITHUB_REPOSITORY: undefined })).commitUrl).toBeUndefined();
  });
});
