import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { distDifferences } from '../../scripts/check-dist.ts';

const made: string[] = [];

function directory(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'publish-agent-check-dist-'));
  made.push(dir);
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('distDifferences', () => {
  it('finds nothing when both directories hold the same bytes', () => {
    const files = { 'index.js': 'a\nb\n', 'licenses.txt': 'MIT\n' };
    expect(distDifferences(directory(files), directory(files))).toEqual([]);
  });

  it('names each stale file and where it first differs', () => {
    const committed = directory({ 'index.js': 'line 1\nconst a = 1;\n', 'old.js': 'x' });
    const fresh = directory({ 'index.js': 'line 1\nconst a = 2;\n', 'licenses.txt': 'MIT\n' });
    expect(distDifferences(committed, fresh)).toEqual([
      {
        name: 'index.js',
        detail:
          'differs (20 bytes committed, 20 bytes built); first difference at line 2, column 11: committed "line 1\\nconst a = 1;\\n", fresh build "line 1\\nconst a = 2;\\n"',
      },
      { name: 'licenses.txt', detail: 'missing from dist/ (the build makes it)' },
      { name: 'old.js', detail: 'in dist/ but not made by the build' },
    ]);
  });
});
