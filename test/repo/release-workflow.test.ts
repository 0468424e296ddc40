// The release workflow's two scripts, read from release.yml and run in bash against a scratch git
// repository (its "origin" a local bare one), as the runner would run them.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseOutputFile, ROOT } from '../support/run-action.ts';

interface Workflow {
  jobs: Record<string, { steps?: { name?: string; run?: string }[] }>;
}

const workflow = parse(
  readFileSync(path.join(ROOT, '.github', 'workflows', 'release.yml'), 'utf8'),
) as Workflow;

function script(job: string, step: string): string {
  const run = workflow.jobs[job]?.steps?.find((candidate) => candidate.name === step)?.run;
  if (run === undefined) throw new Error(`release.yml has no step "${step}" in job ${job}`);
  return run;
}

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function scratch(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'publish-agent-release-'));
  made.push(dir);
  return dir;
}

/** Git as on a fresh runner: no settings of this machine or user (signing, hooks) apply. */
const ISOLATED_GIT = { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };

/** Runs a step's script as the runner does for a step without `shell:` (bash -e). */
function runStep(run: string, cwd: string, env: Record<string, string>) {
  const dir = scratch();
  const outputFile = path.join(dir, 'output');
  writeFileSync(outputFile, '');
  const result = spawnSync('bash', ['-e', '-c', run], {
    cwd,
    encoding: 'utf8',
    env: {
      PATH: `${dir}:${process.env.PATH ?? ''}`,
      HOME: dir,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: path.join(dir, 'summary'),
      GITHUB_REPOSITORY: 'acme/publish-agent',
      ...ISOLATED_GIT,
      ...env,
    },
  });
  return {
    status: result.status,
    stdout: result.stdout,
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
  };
}

describe('release.yml: checking the release tag', () => {
  const check = script('tag', 'Check that the tag is a published release vX.Y.Z');

  /** A stand-in for the gh CLI that answers `gh release view … --jq …` with the given state. */
  function withGh(state: string, tag: string) {
    const dir = scratch();
    const gh = path.join(dir, 'gh');
    writeFileSync(gh, `#!/bin/sh\necho "${state}"\n`);
    chmodSync(gh, 0o755);
    return runStep(check, dir, { TAG: tag, GH_TOKEN: 'token', PATH: `${dir}:${process.env.PATH ?? ''}` });
  }

  it('reads the major tag from a published vX.Y.Z release', () => {
    const run = withGh('published', 'v12.3.0');
    expect(run.status).toBe(0);
    expect(run.outputs).toEqual({ tag: 'v12.3.0', major: 'v12' });
  });

  it.each(['1.2.3', 'v1.2', 'v1.2.3-rc.1', 'v01.2.3', 'v1.2.3\nv2', 'latest'])(
    'refuses the tag %j',
    (tag) => {
      const run = withGh('published', tag);
      expect(run.status).toBe(1);
      expect(run.stdout).toContain('is not a release tag of the form vX.Y.Z');
      expect(run.outputs).toEqual({});
    },
  );

  it('refuses a prerelease', () => {
    const run = withGh('prerelease', 'v1.3.0');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('v1.3.0 is a prerelease release; only a published, full release can be v1.');
  });
});

describe('release.yml: moving the major tag', () => {
  const move = script('move-major-tag', 'Point the major tag at the release');
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, ...ISOLATED_GIT },
    }).trim();

  /** A clone whose origin has releases v1.0.0, v1.9.0 and v1.10.0, and v1 at v1.0.0. */
  function repository() {
    const origin = scratch();
    const work = scratch();
    git(origin, 'init', '--quiet', '--bare');
    git(work, 'init', '--quiet');
    const commits: Record<string, string> = {};
    for (const tag of ['v1.0.0', 'v1.9.0', 'v1.10.0']) {
      git(work, 'commit', '--quiet', '--allow-empty', '-m', tag);
      git(work, 'tag', tag);
      commits[tag] = git(work, 'rev-parse', 'HEAD');
    }
    git(work, 'tag', 'v1', 'v1.0.0');
    git(work, 'remote', 'add', 'origin', origin);
    git(work, 'push', '--quiet', 'origin', '--tags');
    const majorAtOrigin = () => git(origin, 'rev-parse', 'refs/tags/v1^{commit}');
    return { work, commits, majorAtOrigin };
  }

  it('moves v1 to a new release that is the newest of v1 (v1.10.0 is newer than v1.9.0)', () => {
    const repo = repository();
    const run = runStep(move, repo.work, { TAG: 'v1.10.0', MAJOR: 'v1', ROLLBACK: 'false' });
    expect(run.status).toBe(0);
    expect(repo.majorAtOrigin()).toBe(repo.commits['v1.10.0']);
    expect(run.stdout).toContain(
      `v1 moved from ${repo.commits['v1.0.0'] ?? ''} to ${repo.commits['v1.10.0'] ?? ''}`,
    );
  });

  it('leaves v1 where it is when an older line gets a release', () => {
    const repo = repository();
    const run = runStep(move, repo.work, { TAG: 'v1.9.0', MAJOR: 'v1', ROLLBACK: 'false' });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('::notice::v1.9.0 is not the newest v1 release (v1.10.0 is), so v1 stays.');
    expect(repo.majorAtOrigin()).toBe(repo.commits['v1.0.0']);
  });

  it('points v1 back at an older release on a rollback', () => {
    const repo = repository();
    runStep(move, repo.work, { TAG: 'v1.10.0', MAJOR: 'v1', ROLLBACK: 'false' });
    const run = runStep(move, repo.work, { TAG: 'v1.9.0', MAJOR: 'v1', ROLLBACK: 'true' });
    expect(run.status).toBe(0);
    expect(repo.majorAtOrigin()).toBe(repo.commits['v1.9.0']);
  });
});
