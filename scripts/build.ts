// Bundles src/ into one file with ncc. The flags live here once, for `npm run build` and check-dist.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export function build(outDir: string): void {
  const ncc = path.join(ROOT, 'node_modules', '.bin', 'ncc');
  execFileSync(
    ncc,
    [
      'build',
      'src/index.ts',
      '-o',
      outDir,
      '--source-map',
      '--minify',
      '--license',
      'licenses.txt',
      '--quiet',
    ],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) build(path.join(ROOT, 'dist'));
