import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { isManifestPath, loadManifest } from '../../src/manifest/load.ts';

describe('isManifestPath', () => {
  it('takes one line ending in .yml, .yaml or .json as a path, anything else as YAML', () => {
    for (const value of ['agents.yml', 'release/agents.YAML', './a b.json'])
      expect(isManifestPath(value)).toBe(true);
    for (const value of ['- provider: retell\n  agent-id: a.yml', '[{"provider": "retell"}]', 'agents'])
      expect(isManifestPath(value)).toBe(false);
  });
});

describe('loadManifest', () => {
  let root = '';
  let workspace = '';
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'publish-agent-manifest-'));
    workspace = path.join(root, 'workspace');
    await mkdir(path.join(workspace, 'release', 'dir.yml'), { recursive: true });
    await writeFile(path.join(workspace, 'release', 'agents.yml'), '- provider: retell\n  agent-id: a1\n');
    await writeFile(path.join(root, 'outside.yml'), '- provider: retell\n');
    await symlink(path.join(root, 'outside.yml'), path.join(workspace, 'link.yml'));
    await writeFile(path.join(workspace, 'huge.json'), ' '.repeat(1024 * 1024 + 1));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function refusal(raw: string): Promise<string> {
    try {
      await loadManifest(raw, workspace);
    } catch (error) {
      if (error instanceof InputError && error.input === 'manifest') return error.problem;
      throw error;
    }
    throw new Error('expected an InputError');
  }

  it('reads a file relative to the workspace, or an absolute path inside it', async () => {
    for (const raw of ['release/agents.yml', path.join(workspace, 'release', 'agents.yml')]) {
      const parsed = await loadManifest(raw, workspace);
      expect(parsed.entries[0]?.values.get('agent-id')).toBe('a1');
    }
  });

  it('parses any other value as the manifest itself', async () => {
    const parsed = await loadManifest('- provider: diga\n  agent-id: x', workspace);
    expect(parsed.entries[0]?.lines.get('agent-id')).toBe(2);
  });

  it('refuses what is not a file inside the workspace', async () => {
    expect(await refusal('../outside.yml')).toBe('is a path outside the workspace (got "../outside.y…")');
    expect(await refusal(path.join(root, 'outside.yml'))).toMatch(/^is a path outside the workspace/);
    expect(await refusal('link.yml')).toBe('is a link to a file outside the workspace (got "link.yml")');
    expect(await refusal('release/dir.yml')).toBe('is not a file (got "release/dir.…")');
    expect(await refusal('missing.yaml')).toBe('names a file that does not exist (got "missing.yaml")');
    expect(await refusal('huge.json')).toBe('is larger than 1 MiB (got "huge.json")');
  });
});
