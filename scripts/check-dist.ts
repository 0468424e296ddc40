// Fails when dist/ is not what a fresh build of src/ makes: the committed bundle is what users run.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build, ROOT } from './build.ts';

const committed = path.join(ROOT, 'dist');
const fresh = mkdtempSync(path.join(tmpdir(), 'publish-agent-dist-'));
try {
  build(fresh);
  const names = [...new Set([...readdirSync(committed), ...readdirSync(fresh)])].sort();
  const stale = names.filter((name) => {
    const read = (dir: string) => {
      try {
        return readFileSync(path.join(dir, name));
      } catch {
        return undefined;
      }
    };
    const [a, b] = [read(committed), read(fresh)];
    return a === undefined || b === undefined || !a.equals(b);
  });
  if (stale.length > 0) {
    console.error(
      `dist/ is stale: ${stale.join(', ')} differ from a fresh build. Run \`npm run build\` and commit dist/.`,
    );
    process.exit(1);
  }
  console.log(`dist/ is fresh (${names.length} files match a new build).`);
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
