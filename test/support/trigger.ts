import type { Trigger } from '../../src/inputs/context.ts';

/** A tag push of v1.4.0, as readTrigger reads it from the runner's GITHUB_* variables. */
export const TAG_PUSH: Trigger = {
  eventName: 'push',
  ref: 'refs/tags/v1.4.0',
  sha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
  repository: 'acme/agents',
  actor: 'octocat',
  workflow: 'Release',
  runNumber: 42,
  runUrl: 'https://github.com/acme/agents/actions/runs/1',
  commitUrl: 'https://github.com/acme/agents/commit/a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
};
