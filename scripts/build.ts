// Bundles src/ into dist/ with ncc. The flags live here once, for `npm run build`, check-dist and the
// bench (which bundles its floor script the same way).
import { execFile, execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * What undici's public entry asks for and the build leaves out: the SIMD build of its HTTP parser (65 KB
 * of WebAssembly as base64, 8 % of the shipped JavaScript). undici loads it inside a try and, on any
 * failure (a CPU without SIMD, or here a module that is not there), compiles the baseline build it also
 * ships, which parses the same HTTP. The action's answers are small JSON bodies: the SIMD parser's speed
 * is not measurable in a publish (see `npm run bench`), its size is. test/repo/dist-size.test.ts checks
 * that undici still names this file, so an upgrade that renames it cannot bring it back unnoticed.
 */
export const LEFT_OUT = '../llhttp/llhttp_simd-wasm.js';

export async function build(outDir: string, entry = 'src/index.ts'): Promise<void> {
  // ncc adds files but never removes one it no longer emits, and chunk files are numbered: one left
  // over from an older build would be shipped with the new one.
  rmSync(outDir, { recursive: true, force: true });
  const ncc = path.join(ROOT, 'node_modules', '.bin', 'ncc');
  execFileSync(
    ncc,
    [
      'build',
      entry,
      '-o',
      outDir,
      '--source-map',
      // The map ships for mapping a trace by hand but is not registered at run time: source-map-support
      // parses all of it the first time any error's stack is read (undici reads one whenever it closes
      // a socket), a cost in time and memory on every run (see `npm run bench`). The minifier keeps
      // function and class names, so traces stay readable without it.
      '--no-source-map-register',
      // `npm run typecheck` checks the types; ncc's own check would take most of the build's time.
      '--transpile-only',
      // Left a require of the name as undici wrote it, resolved from dist/ at run time, where no such
      // file is: undici then compiles its baseline parser (see LEFT_OUT).
      '--external',
      LEFT_OUT,
      // Not --minify: ncc minifies without compression, and only the entry. minify() below does every file.
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
  // The files at once: the minifier is single-threaded, and the build is on the path of every test run.
  const scripts = readdirSync(outDir).filter((file) => file.endsWith('.js'));
  await Promise.all(scripts.map((name) => minify(outDir, name)));
  for (const name of readdirSync(outDir).filter((file) => file.endsWith('.map'))) {
    dropSourcesContent(path.join(outDir, name));
  }
}

/**
 * Minifies one bundled file with compression on (dead code dropped, expressions shortened, to keep the
 * shipped JavaScript small, see `npm run bench`) and names kept: function and class names
 * in compression and mangling, so that a stack trace names the functions it passed through without the
 * source map. The file's map is carried through, so that it still points at the sources. ES2020 output
 * (the action runs on Node 24) is shorter. Not taken: a second pass (0.1 % smaller, a slower build on every
 * test run) and the `unsafe_*` options (a release tool takes no risk of a rewrite that changes a dependency).
 */
async function minify(outDir: string, name: string): Promise<void> {
  const terser = path.join(ROOT, 'node_modules', '.bin', 'terser');
  const input = path.join(outDir, name);
  const output = `${input}.min`;
  const keepNames = 'keep_classnames=true,keep_fnames=true';
  await promisify(execFile)(terser, [
    input,
    '--module',
    '--ecma',
    '2020',
    '--compress',
    keepNames,
    '--mangle',
    keepNames,
    '--source-map',
    `content='${input}.map',url='${name}.map'`,
    '-o',
    output,
  ]);
  renameSync(output, input);
  renameSync(`${output}.map`, `${input}.map`);
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

/**
 * A map still turns a bundle position into a source file, line and column without the sources' text,
 * which the repository has. That text is most of a map's size, and the maps most of dist/.
 */
function dropSourcesContent(mapFile: string): void {
  const map = JSON.parse(readFileSync(mapFile, 'utf8')) as Record<string, unknown>;
  delete map.sourcesContent;
  writeFileSync(mapFile, JSON.stringify(map));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await build(path.join(ROOT, 'dist'));
