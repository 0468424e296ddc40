// Bundle smoke tests: the cases of test/inprocess/manifest.test.ts that most depend on the runner (its
// files, the log it reads, a process of its own), run through the bundle as the runner runs it.
// The bundle with a manifest of many agents, run as the runner runs it, against an
// emulator that answers each request after 20 ms so that agents in progress overlap.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { RETELL } from '../emulator/seed.ts';
import { runAction } from '../support/run-action.ts';
import { ENV_KEYS, useManifestRuns, useWorkspace } from '../support/manifest-runs.ts';

const { emulator, entry, fleet, runManifest } = useManifestRuns(runAction);

/** The log's groups: each `::group::title` and the lines up to its `::endgroup::`; lines outside any group are left out. */
function groups(stdout: string): { title: string; lines: string[] }[] {
  const found: { title: string; lines: string[] }[] = [];
  let open: { title: string; lines: string[] } | undefined;
  for (const line of stdout.split('\n')) {
    const start = /^::group::(.*)$/.exec(line);
    if (start?.[1] !== undefined) {
      expect(open, 'a group opened inside another').toBeUndefined();
      open = { title: start[1], lines: [] };
    } else if (line === '::endgroup::') {
      if (open !== undefined) found.push(open);
      open = undefined;
    } else open?.lines.push(line);
  }
  expect(open, 'a group left open').toBeUndefined();
  return found;
}

describe('the log of a manifest run', () => {
  it("prints each agent's lines together, as one group, even while agents run at once", async () => {
    const entries = fleet(2);
    const result = await runManifest(stringify(entries), { concurrency: '8' });
    expect(result.exitCode).toBe(0);
    const logged = groups(result.stdout);
    expect(logged.map((group) => group.title).sort()).toEqual(entries.map((e) => e.name).sort());
    for (const { title, lines } of logged) {
      const own = lines.filter((line) => !line.startsWith('::'));
      expect(own.length).toBeGreaterThan(0);
      for (const line of own) expect(line.startsWith(`[${title}] `)).toBe(true);
      expect(own.at(-1)).toMatch(/: verified$/);
    }
  });
});

describe('a manifest file', () => {
  const workspace = useWorkspace();

  it('is read relative to the workspace, as YAML or JSON', async () => {
    await writeFile(path.join(workspace.dir, 'release', 'agents.yml'), stringify(fleet(1)));
    const yaml = await runManifest(
      'release/agents.yml',
      {},
      { ...ENV_KEYS, GITHUB_WORKSPACE: workspace.dir },
    );
    expect(yaml.exitCode).toBe(0);
    expect(yaml.outputs['published-count']).toBe('4');

    emulator.reset();
    await writeFile(path.join(workspace.dir, 'agents.json'), JSON.stringify(fleet(2), null, 2));
    const json = await runManifest('agents.json', {}, { ...ENV_KEYS, GITHUB_WORKSPACE: workspace.dir });
    expect(json.exitCode).toBe(0);
    expect(json.outputs['published-count']).toBe('8');
  });

  it('points an error annotation at the file and line of each problem', async () => {
    const manifest = `${stringify([entry('retell', RETELL.withDraft)])}- provider: retell\n  agentId: x\n`;
    await writeFile(path.join(workspace.dir, 'release', 'broken.yml'), manifest);
    const result = await runManifest(
      'release/broken.yml',
      {},
      { ...ENV_KEYS, GITHUB_WORKSPACE: workspace.dir },
    );
    expect(result.exitCode).toBe(1);
    expect(emulator.requests).toEqual([]);
    const line = manifest.split('\n').indexOf('  agentId: x') + 1;
    // An error annotation on the file and line of the problem, naming the key.
    const annotation = new RegExp(
      `^::error title=publish-agent manifest,file=release/broken.yml,line=${line}::(.*)$`,
      'm',
    );
    expect(annotation.exec(result.stdout)?.[1]).toContain('"agentId"');
  });
});
