// vitest's global setup: builds src/ into a temporary folder with the project's own build
// (scripts/build.ts) before any test runs, and points the end-to-end tests at that bundle. The tests
// then exercise the source as it is now; check-dist separately guards that the committed dist/ is
// the same build.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from '../../scripts/build.ts';
import { FRESH_BUNDLE_VARIABLE } from './run-action.ts';

export default async function setup(): Promise<() => void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'publish-agent-test-dist-'));
  await build(dir);
  process.env[FRESH_BUNDLE_VARIABLE] = path.join(dir, 'index.js');
  return () => {
    rmSync(dir, { recursive: true, force: true });
  };
}
