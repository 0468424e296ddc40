// Bundles src/ into one file with ncc. The flags live here once, for `npm run build` and check-dist.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export function build(outDir: string): void {
  // Chunk files are numbered: one left over from an older build would be shipped with the new one.
  rmSync(outDir, { recursive: true, force: true });
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
      // One file per chunk: ncc's license plugin would write every chunk's to the same name, the last one winning.
      '[name].licenses.txt',
      '--quiet',
    ],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
  mergeLicenses(outDir);
}

/** The third-party licenses of every chunk (the main one first) in one licenses.txt. */
function mergeLicenses(outDir: string): void {
  const parts = readdirSync(outDir)
    .filter((name) => name.endsWith('.licenses.txt'))
    .sort(
      (a, b) => Number(b === 'main.licenses.txt') - Number(a === 'main.licenses.txt') || a.localeCompare(b),
    );
  const texts = parts.map((name) => readFileSync(path.join(outDir, name), 'utf8'));
  writeFileSync(path.join(outDir, 'licenses.txt'), texts.join('\n\n'));
  for (const name of parts) rmSync(path.join(outDir, name));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) build(path.join(ROOT, 'dist'));
