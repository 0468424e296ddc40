// Runs the bundle exactly as the GitHub runner does: a child process of Node 24 with the
// action's inputs (declared defaults included) in INPUT_* variables, and GITHUB_OUTPUT and
// GITHUB_STEP_SUMMARY files. Every run is scanned for the keys and tokens it could leak.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { GITHUB_REPOSITORY, GITHUB_TOKEN } from '../emulator/github.ts';
import { KEYS } from '../emulator/seed.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The committed bundle, what users run: the bench and the demo run it. */
export const COMMITTED_BUNDLE = path.join(ROOT, 'dist', 'index.js');
/** Set by vitest's global setup (test/support/fresh-bundle.ts) to the bundle it built from src/. */
export const FRESH_BUNDLE_VARIABLE = 'PUBLISH_AGENT_TEST_BUNDLE';

/**
 * The bundle to run. Under vitest, always the fresh build of src/ the global setup made: the
 * committed dist/ may be older than the source under test (check-dist guards that it is not).
 */
export function bundlePath(): string {
  const fresh = process.env[FRESH_BUNDLE_VARIABLE];
  if (fresh) return fresh;
  if (process.env.VITEST)
    throw new Error(`${FRESH_BUNDLE_VARIABLE} is not set: run the tests through vitest's global setup.`);
  return COMMITTED_BUNDLE;
}

export interface ActionRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Readonly<Record<string, string>>;
  readonly summary: string;
  /** The parsed `result` output. */
  readonly result: Record<string, unknown>;
  /** In-process runs only (their clock is virtual): every wait the step asked for, in ms, in order. */
  readonly waits?: readonly number[];
}

interface ActionMetadata {
  inputs: Record<string, { default?: string | number | boolean }>;
}

let declaredDefaults: Record<string, string> | undefined;

/** What the runner makes of an expression default such as `${{ github.token }}`. */
const EXPRESSIONS: Readonly<Record<string, string>> = { '${{ github.token }}': GITHUB_TOKEN };

/** The inputs action.yml declares, with their defaults (empty when none) as the runner resolves them. */
export async function declaredInputDefaults(): Promise<Record<string, string>> {
  if (declaredDefaults === undefined) {
    const metadata = parse(await readFile(path.join(ROOT, 'action.yml'), 'utf8')) as ActionMetadata;
    declaredDefaults = Object.fromEntries(
      Object.entries(metadata.inputs).map(([name, input]) => {
        const value = String(input.default ?? '');
        return [name, EXPRESSIONS[value] ?? value];
      }),
    );
  }
  return declaredDefaults;
}

/** The runner's INPUT_ naming: upper case, spaces to underscores, hyphens kept. */
function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/**
 * Parses the GITHUB_OUTPUT file format: `name<<DELIMITER` … `DELIMITER` (what @actions/core writes)
 * and `name=value` lines (what `echo "name=value" >> "$GITHUB_OUTPUT"` writes).
 */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heredoc = /^([^<=]+)<<(.+)$/.exec(line);
    if (heredoc?.[1] !== undefined && heredoc[2] !== undefined) {
      const end = lines.indexOf(heredoc[2], i + 1);
      if (end === -1) throw new Error(`GITHUB_OUTPUT: no closing ${heredoc[2]} for ${heredoc[1]}`);
      outputs[heredoc[1]] = lines.slice(i + 1, end).join('\n');
      i = end;
      continue;
    }
    const assignment = /^([^=]+)=(.*)$/.exec(line);
    if (assignment?.[1] !== undefined && assignment[2] !== undefined) outputs[assignment[1]] = assignment[2];
    else if (line.trim() !== '')
      throw new Error(`GITHUB_OUTPUT: cannot read the line ${JSON.stringify(line)}`);
  }
  return outputs;
}

const ANNOTATIONS: Readonly<Record<string, string>> = {
  error: 'Error',
  warning: 'Warning',
  notice: 'Notice',
};

/**
 * The log as the runner shows it: masks and debug lines (unless debugging) are hidden, and
 * annotations are shown as "Error: message" with their escaped line breaks restored.
 */
export function shownLog(stdout: string): string {
  return stdout
    .replace(/^::(add-mask|debug)::.*\n/gm, '')
    .replace(/^::(error|warning|notice)(?: [^:]*)?::(.*)$/gm, (_line, kind: string, message: string) => {
      const text = message.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
      return `${ANNOTATIONS[kind] ?? kind}: ${text}`;
    });
}

export const GITHUB_ENV = {
  GITHUB_EVENT_NAME: 'push',
  GITHUB_REF: 'refs/tags/v1.4.0',
  GITHUB_SHA: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
  GITHUB_ACTOR: 'octocat',
  GITHUB_WORKFLOW: 'Release agents',
  GITHUB_RUN_ID: '1234567890',
  GITHUB_RUN_NUMBER: '42',
  GITHUB_REPOSITORY,
  GITHUB_SERVER_URL: 'https://github.com',
  // Nothing listens there: a run that is not pointed at the GitHub emulator can never reach github.com.
  GITHUB_API_URL: 'http://127.0.0.1:9',
} as const;

/**
 * The forms a key could be printed in. Written apart from src/http/redact.ts on purpose: a form the
 * redactor forgets must still be caught here.
 */
function leakForms(key: string): string[] {
  const bytes = Buffer.from(key, 'utf8');
  const bearer = Buffer.from(`Bearer ${key}`, 'utf8');
  return [
    key,
    encodeURIComponent(key),
    encodeURIComponent(key).toLowerCase(),
    bytes.toString('base64'),
    bytes.toString('base64url'),
    bytes.toString('hex'),
    bytes.toString('hex').toUpperCase(),
    bearer.toString('base64'),
  ];
}

export function findLeaks(text: string, secrets: readonly string[]): string[] {
  return [...new Set(secrets.flatMap(leakForms))].filter((form) => text.includes(form));
}

export interface RunnerFiles {
  /** The step's temporary directory, also its working directory unless another is given. */
  readonly dir: string;
  readonly outputFile: string;
  readonly summaryFile: string;
}

/** A fresh directory with the empty output and summary files the runner gives each step. */
export async function createRunnerFiles(): Promise<RunnerFiles> {
  const dir = await mkdtemp(path.join(tmpdir(), 'publish-agent-'));
  const files = { dir, outputFile: path.join(dir, 'output'), summaryFile: path.join(dir, 'summary.md') };
  await Promise.all([writeFile(files.outputFile, ''), writeFile(files.summaryFile, '')]);
  return files;
}

/**
 * The environment the runner gives a `uses:` step: its files, and the inputs given, with the declared
 * defaults for the rest, in INPUT_* variables. `env` is the rest of the step's environment; it wins.
 */
export async function actionEnv(
  inputs: Record<string, string>,
  env: Record<string, string>,
  files: RunnerFiles,
): Promise<Record<string, string>> {
  const all = { ...(await declaredInputDefaults()), ...inputs };
  return {
    RUNNER_TEMP: files.dir,
    GITHUB_OUTPUT: files.outputFile,
    GITHUB_STEP_SUMMARY: files.summaryFile,
    ...Object.fromEntries(Object.entries(all).map(([name, value]) => [inputVariable(name), value])),
    ...env,
  };
}

/** One run of the bundle, as the runner sees it. */
export interface BundleRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The GITHUB_OUTPUT file as written. */
  readonly outputText: string;
  readonly outputs: Readonly<Record<string, string>>;
  readonly summary: string;
}

/**
 * Runs the bundle (bundlePath) as the runner runs a `uses:` step: the inputs given, with the declared defaults
 * for the rest, in INPUT_* variables, and new GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files. `env` is
 * the rest of the step's environment (it wins over the above); the working directory is a new temporary one unless `cwd` is given.
 */
export async function runBundle(
  inputs: Record<string, string>,
  env: Record<string, string>,
  cwd?: string,
): Promise<BundleRun> {
  const files = await createRunnerFiles();
  const childEnv = await actionEnv(inputs, env, files);
  const { exitCode, stdout, stderr } = await new Promise<{
    exitCode: number;
    stdout: string;
    stderr: string;
  }>((resolve) => {
    execFile(
      process.execPath,
      [bundlePath()],
      { env: childEnv, cwd: cwd ?? files.dir, timeout: 60_000 },
      (error, out, err) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ exitCode: code, stdout: out, stderr: err });
      },
    );
  });
  const [outputText, summary] = await Promise.all([
    readFile(files.outputFile, 'utf8'),
    readFile(files.summaryFile, 'utf8'),
  ]);
  await rm(files.dir, { recursive: true, force: true });
  return { exitCode, stdout, stderr, outputText, outputs: parseOutputFile(outputText), summary };
}

/**
 * Throws if a run printed a key, in any form, anywhere a person or a later step could read it.
 * The ::add-mask:: commands are the runner's input, never shown: they are the only place a key may appear.
 */
export function assertNoLeaks(run: BundleRun, keys: readonly string[]): void {
  assertNoLeaksIn(run.stdout, [run.stderr, run.outputText, run.summary], keys);
}

/** assertNoLeaks over a log and the other texts a run wrote (outputs, summary). */
export function assertNoLeaksIn(stdout: string, others: readonly string[], keys: readonly string[]): void {
  const shown = stdout.replace(/^::add-mask::.*$/gm, '');
  const leaks = findLeaks(
    [shown, ...others].join('\n'),
    keys.filter((key) => key.length >= 8),
  );
  if (leaks.length > 0) throw new Error(`The action printed a key (${leaks.length} forms found)`);
}

/** Every key a run with these inputs and this environment could print: the scan looks for each. */
export function keysOfRun(
  inputs: Readonly<Record<string, string>>,
  env: Readonly<Record<string, string>>,
): string[] {
  const envKeys = Object.entries(env)
    .filter(([name]) => name.endsWith('_API_KEY'))
    .map(([, value]) => value);
  return [
    ...Object.values(KEYS),
    GITHUB_TOKEN,
    inputs['api-key'] ?? '',
    inputs['github-token'] ?? '',
    ...envKeys,
  ];
}

/** The step's `result` output, parsed. */
export function resultOf(outputs: Readonly<Record<string, string>>): Record<string, unknown> {
  return JSON.parse(outputs.result ?? '{}') as Record<string, unknown>;
}

/** Runs the bundle as a child process, as the runner does; see runInProcess for the same run in this process. */
export async function runAction(
  inputs: Record<string, string>,
  env: Record<string, string> = {},
): Promise<ActionRun> {
  const run = await runBundle(inputs, { PATH: process.env.PATH ?? '', ...GITHUB_ENV, ...env });
  assertNoLeaks(run, keysOfRun(inputs, env));
  return {
    exitCode: run.exitCode,
    stdout: run.stdout,
    stderr: run.stderr,
    outputs: run.outputs,
    summary: run.summary,
    result: resultOf(run.outputs),
  };
}
