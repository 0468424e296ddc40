// Fails when dist/ is not what a fresh build of src/ makes: the committed bundle is what users run.
// `--expected-dir DIR` keeps the fresh build in DIR (CI uploads it when dist/ is stale).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build, ROOT } from './build.ts';

export interface DistDifference {
  readonly name: string;
  readonly detail: string;
}

function readOrUndefined(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Where two versions of a file first differ, as "line L, column C" and a short excerpt of each. */
function firstDifference(committed: Buffer, fresh: Buffer): string {
  let offset = 0;
  while (offset < committed.length && offset < fresh.length && committed[offset] === fresh[offset]) offset++;
  const before = committed.subarray(0, offset).toString('utf8');
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  const excerpt = (buffer: Buffer) =>
    JSON.stringify(buffer.subarray(Math.max(0, offset - 20), offset + 40).toString('utf8'));
  return `first difference at line ${line}, column ${column}: committed ${excerpt(committed)}, fresh build ${excerpt(fresh)}`;
}

/** Every file of either directory that is not byte-for-byte the same in the other. */
export function distDifferences(committedDir: string, freshDir: string): DistDifference[] {
  const list = (dir: string) => {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  };
  const names = [...new Set([...list(committedDir), ...list(freshDir)])].sort();
  return names.flatMap((name) => {
    const committed = readOrUndefined(path.join(committedDir, name));
    const fresh = readOrUndefined(path.join(freshDir, name));
    if (committed === undefined) return [{ name, detail: 'missing from dist/ (the build makes it)' }];
    if (fresh === undefined) return [{ name, detail: 'in dist/ but not made by the build' }];
    if (committed.equals(fresh)) return [];
    const sizes = `${committed.length} bytes committed, ${fresh.length} bytes built`;
    return [{ name, detail: `differs (${sizes}); ${firstDifference(committed, fresh)}` }];
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'expected-dir': { type: 'string' } } });
  const keep = values['expected-dir'];
  const fresh =
    keep === undefined ? mkdtempSync(path.join(tmpdir(), 'publish-agent-dist-')) : path.resolve(keep);
  if (keep !== undefined) {
    rmSync(fresh, { recursive: true, force: true });
    mkdirSync(fresh, { recursive: true });
  }
  try {
    await build(fresh);
    const differences = distDifferences(path.join(ROOT, 'dist'), fresh);
    if (differences.length > 0) {
      const lines = differences.map(({ name, detail }) => `  dist/${name}: ${detail}`);
      console.error(`dist/ is stale: ${differences.length} file(s) differ from a fresh build of src/.`);
      console.error(lines.join('\n'));
      console.error('Fix: run `npm run build` and commit dist/.');
      if (keep !== undefined) console.error(`The expected dist/ is in ${fresh}.`);
      process.exitCode = 1;
      return;
    }
    console.log(`dist/ is fresh (${readdirSync(fresh).length} files match a new build).`);
  } finally {
    if (keep === undefined) rmSync(fresh, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
