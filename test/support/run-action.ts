// Runs the committed bundle exactly as the GitHub runner does: a child process of Node 24 with the
// action's inputs (declared defaults included) in INPUT_* variables, and GITHUB_OUTPUT and
// GITHUB_STEP_SUMMARY files. Every run is scanned for the keys it could leak.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { KEYS } from '../emulator/seed.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BUNDLE = path.join(ROOT, 'dist', 'index.js');

export interface ActionRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Readonly<Record<string, string>>;
  readonly summary: string;
  /** The parsed `result` output. */
  readonly result: Record<string, unknown>;
}

interface ActionMetadata {
  inputs: Record<string, { default?: string | number | boolean }>;
}

let declaredDefaults: Record<string, string> | undefined;

async function defaults(): Promise<Record<string, string>> {
  if (declaredDefaults === undefined) {
    const metadata = parse(await readFile(path.join(ROOT, 'action.yml'), 'utf8')) as ActionMetadata;
    declaredDefaults = Object.fromEntries(
      Object.entries(metadata.inputs).map(([name, input]) => [name, String(input.default ?? '')]),
    );
  }
  return declaredDefaults;
}

/** The runner's INPUT_ naming: upper case, spaces to underscores, hyphens kept. */
function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/** Parses the GITHUB_OUTPUT file format (`name<<DELIMITER` … `DELIMITER`). */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i] ?? '');
    if (match?.[1] === undefined || match[2] === undefined) continue;
    const end = lines.indexOf(match[2], i + 1);
    outputs[match[1]] = lines.slice(i + 1, end).join('\n');
    i = end;
  }
  return outputs;
}

export const GITHUB_ENV = {
  GITHUB_EVENT_NAME: 'push',
  GITHUB_REF: 'refs/tags/v1.4.0',
  GITHUB_SHA: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
  GITHUB_ACTOR: 'octocat',
  GITHUB_WORKFLOW: 'Release agents',
  GITHUB_RUN_ID: '1234567890',
  GITHUB_RUN_NUMBER: '42',
  GITHUB_REPOSITORY: 'acme/voice-agents',
  GITHUB_SERVER_URL: 'https://github.com',
} as const;

/**
 * The forms a key could be printed in. Written apart from src/redact.ts on purpose: a form the
 * redactor forgets must still be caught here.
 */
function leakForms(key: string): string[] {
  const bytes = Buffer.from(key, 'utf8');
  return [
    key,
    encodeURIComponent(key),
    bytes.toString('base64'),
    bytes.toString('base64url'),
    bytes.toString('hex'),
  ];
}

export function findLeaks(text: string, secrets: readonly string[]): string[] {
  return [...new Set(secrets.flatMap(leakForms))].filter((form) => text.includes(form));
}

export interface RunnerFiles {
  /** The step's temporary directory, also its working directory here. */
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

/** The environment the runner gives the step: the trigger, the files, and every input as INPUT_*. */
export async function actionEnv(
  inputs: Record<string, string>,
  env: Record<string, string>,
  files: RunnerFiles,
): Promise<Record<string, string>> {
  const all = { ...(await defaults()), ...inputs };
  return {
    PATH: process.env.PATH ?? '',
    ...GITHUB_ENV,
    GITHUB_OUTPUT: files.outputFile,
    GITHUB_STEP_SUMMARY: files.summaryFile,
    RUNNER_TEMP: files.dir,
    ...Object.fromEntries(Object.entries(all).map(([name, value]) => [inputVariable(name), value])),
    ...env,
  };
}

export async function runAction(
  inputs: Record<string, string>,
  env: Record<string, string> = {},
): Promise<ActionRun> {
  const files = await createRunnerFiles();
  const { dir, outputFile, summaryFile } = files;
  const childEnv = await actionEnv(inputs, env, files);
  const { exitCode, stdout, stderr } = await new Promise<{
    exitCode: number;
    stdout: string;
    stderr: string;
  }>((resolve) => {
    execFile(process.execPath, [BUNDLE], { env: childEnv, cwd: dir, timeout: 60_000 }, (error, out, err) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ exitCode: code, stdout: out, stderr: err });
    });
  });
  const [outputText, summary] = await Promise.all([
    readFile(outputFile, 'utf8'),
    readFile(summaryFile, 'utf8'),
  ]);
  await rm(dir, { recursive: true, force: true });
  const outputs = parseOutputFile(outputText);

  // No run may print a key it was given, in any form, anywhere a person or a later step could read it.
  // The ::add-mask:: commands are the runner's input, never shown: they are the only place a key may appear.
  const shown = stdout.replace(/^::add-mask::.*$/gm, '');
  const envKeys = Object.entries(env)
    .filter(([name]) => name.endsWith('_API_KEY'))
    .map(([, value]) => value);
  const keys = [...Object.values(KEYS), inputs['api-key'] ?? '', ...envKeys].filter((key) => key.length >= 8);
  const leaks = findLeaks([shown, stderr, outputText, summary].join('\n'), keys);
  if (leaks.length > 0) throw new Error(`The action printed a key (${leaks.length} forms found)`);

  return {
    exitCode,
    stdout,
    stderr,
    outputs,
    summary,
    result: JSON.parse(outputs.result ?? '{}') as Record<string, unknown>,
  };
}
