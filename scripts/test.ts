// `npm test`: the type check, ESLint, Prettier and the tests at once. The checks are mostly CPU and the
// end-to-end tests mostly wait on the bundle's child processes, so together they end sooner than one after
// the other (measured on 2 cores: 125 s → about 100 s). vitest prints as it goes; each check's output is
// printed whole when it ends, so lines of two never mix. Arguments go to vitest. Exit code 1 if any failed.
import { spawn } from 'node:child_process';

interface Check {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
}

const CHECKS: readonly Check[] = [
  { name: 'typecheck', command: 'tsc', args: ['--noEmit'] },
  { name: 'eslint', command: 'eslint', args: ['.'] },
  { name: 'prettier', command: 'prettier', args: ['--check', '.'] },
];
const TESTS: Check = { name: 'vitest', command: 'vitest', args: ['run', ...process.argv.slice(2)] };

/** Runs one command from node_modules/.bin (npm puts it on the PATH); resolves with its exit code. */
function start(check: Check, live: boolean): Promise<{ check: Check; code: number; output: string }> {
  const child = spawn(check.command, check.args, {
    stdio: live ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    // Windows runs the .cmd shims npm installs through a shell.
    shell: process.platform === 'win32',
  });
  const chunks: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise((resolve) => {
    child.on('error', (error) => {
      resolve({ check, code: 1, output: `${check.command}: ${error.message}\n` });
    });
    child.on('close', (code) => {
      resolve({ check, code: code ?? 1, output: Buffer.concat(chunks).toString('utf8') });
    });
  });
}

const results = await Promise.all([start(TESTS, true), ...CHECKS.map((check) => start(check, false))]);
for (const { check, code, output } of results.slice(1)) {
  process.stdout.write(`\n> ${check.name}: ${code === 0 ? 'passed' : `failed (exit ${code})`}\n${output}`);
}
const failed = results.filter((result) => result.code !== 0).map((result) => result.check.name);
if (failed.length > 0) {
  process.stdout.write(`\nnpm test failed: ${failed.join(', ')}\n`);
  process.exitCode = 1;
}
