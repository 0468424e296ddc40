// Runs a workflow's jobs on this machine as the runner would, for `npm run self-test`: `uses: ./`
// steps run dist/index.js through runBundle (INPUT_* variables, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY),
// `run:` steps run in bash with their env, and step outputs feed later `${{ steps.<id>.outputs.<name> }}`.
// Only what the self-test workflow uses is supported: anything else is refused, saying where, and
// before any step runs, except an input action.yml does not declare, refused before its step.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { KEYS } from '../emulator/seed.ts';
import {
  assertNoLeaks,
  declaredInputDefaults,
  GITHUB_ENV,
  parseOutputFile,
  ROOT,
  runBundle,
  shownLog,
} from './run-action.ts';
import {
  assertSupported,
  interpolate,
  UnsupportedWorkflowError,
  type ExpressionContext,
  type StepResult,
} from './workflow-expressions.ts';

/** A `run:` step that has not finished by then is stopped and fails. */
const RUN_STEP_TIMEOUT_MS = 120_000;

/** Setup steps whose work a local checkout has already done. */
const LOCAL_SETUP: readonly { readonly matches: (step: Step) => boolean; readonly why: string }[] = [
  {
    matches: (step) => /^actions\/checkout@/.test(step.uses ?? ''),
    why: 'this working tree is the checkout',
  },
  {
    matches: (step) => /^actions\/setup-node@/.test(step.uses ?? ''),
    why: 'npm scripts run the node dev dependency, Node 24',
  },
  { matches: (step) => step.run?.trim() === 'npm ci', why: 'node_modules is installed' },
];

interface Step {
  readonly where: string;
  readonly id?: string;
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly shell?: string;
  readonly with: Readonly<Record<string, string>>;
  readonly env: Readonly<Record<string, string>>;
  readonly continueOnError: boolean;
}

interface Job {
  readonly id: string;
  readonly name: string;
  readonly matrix: Readonly<Record<string, string>>;
  readonly steps: readonly Step[];
}

export interface JobReport {
  readonly name: string;
  readonly passed: boolean;
}

function fail(where: string, problem: string): never {
  throw new UnsupportedWorkflowError(`${where}: ${problem}`);
}

function record(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(where, 'is not a mapping');
  return value as Record<string, unknown>;
}

function onlyKeys(value: Record<string, unknown>, allowed: readonly string[], where: string): void {
  const unknown = Object.keys(value).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) fail(where, `${unknown.join(', ')} is not supported locally`);
}

function scalar(value: unknown, where: string): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  return fail(where, 'is not a string, number or boolean');
}

function optionalString(value: unknown, where: string): string | undefined {
  return value === undefined ? undefined : scalar(value, where);
}

function scalars(value: unknown, where: string): Record<string, string> {
  if (value === undefined) return {};
  return Object.fromEntries(
    Object.entries(record(value, where)).map(([key, item]) => [key, scalar(item, `${where}.${key}`)]),
  );
}

function readStep(raw: unknown, where: string): Step {
  const step = record(raw, where);
  onlyKeys(step, ['id', 'name', 'uses', 'with', 'run', 'shell', 'env', 'continue-on-error'], where);
  const continueOnError = step['continue-on-error'] ?? false;
  if (typeof continueOnError !== 'boolean') fail(`${where}.continue-on-error`, 'must be true or false');
  const parsed: Step = {
    where,
    ...(step.id === undefined ? {} : { id: scalar(step.id, `${where}.id`) }),
    ...(step.name === undefined ? {} : { name: scalar(step.name, `${where}.name`) }),
    ...(step.uses === undefined ? {} : { uses: scalar(step.uses, `${where}.uses`) }),
    ...(step.run === undefined ? {} : { run: scalar(step.run, `${where}.run`) }),
    ...(step.shell === undefined ? {} : { shell: scalar(step.shell, `${where}.shell`) }),
    with: scalars(step.with, `${where}.with`),
    env: scalars(step.env, `${where}.env`),
    continueOnError,
  };
  if ((parsed.uses === undefined) === (parsed.run === undefined))
    fail(where, 'needs exactly one of uses and run');
  if (LOCAL_SETUP.some((setup) => setup.matches(parsed))) return parsed;
  if (parsed.uses !== undefined && parsed.uses !== './')
    fail(`${where}.uses`, `${parsed.uses} cannot run locally (only uses: ./ and the setup steps)`);
  if (parsed.shell !== undefined && parsed.shell !== 'bash') fail(`${where}.shell`, 'only bash is supported');
  const values: [string, string][] = [
    ...Object.entries(parsed.with).map(([key, value]): [string, string] => [`with.${key}`, value]),
    ...Object.entries(parsed.env).map(([key, value]): [string, string] => [`env.${key}`, value]),
    ['run', parsed.run ?? ''],
  ];
  for (const [key, value] of values) assertSupported(value, `${where}.${key}`);
  return parsed;
}

function matrixOf(strategy: unknown, where: string): Record<string, string>[] {
  if (strategy === undefined) return [{}];
  const fields = record(strategy, where);
  onlyKeys(fields, ['matrix', 'fail-fast'], where);
  const matrix = record(fields.matrix, `${where}.matrix`);
  onlyKeys(matrix, ['include'], `${where}.matrix`);
  if (!Array.isArray(matrix.include)) fail(`${where}.matrix.include`, 'is not a list');
  return matrix.include.map((entry, index) => scalars(entry, `${where}.matrix.include[${index}]`));
}

/** Every job of the workflow, one per matrix entry, checked for what the local run supports. */
export function readJobs(workflowText: string): Job[] {
  const workflow = record(parse(workflowText), 'the workflow');
  onlyKeys(workflow, ['name', 'on', 'permissions', 'concurrency', 'jobs'], 'the workflow');
  return Object.entries(record(workflow.jobs, 'jobs')).flatMap(([id, raw]) => {
    const where = `jobs.${id}`;
    const job = record(raw, where);
    onlyKeys(job, ['name', 'runs-on', 'permissions', 'timeout-minutes', 'strategy', 'steps'], where);
    if (!/^ubuntu-/.test(scalar(job['runs-on'], `${where}.runs-on`)))
      fail(`${where}.runs-on`, 'only ubuntu runners can be run locally');
    if (!Array.isArray(job.steps)) fail(`${where}.steps`, 'is not a list');
    const steps = job.steps.map((step, index) => readStep(step, `${where}.steps[${index}]`));
    return matrixOf(job.strategy, `${where}.strategy`).map((matrix) => {
      const context: ExpressionContext = { matrix, steps: new Map() };
      const name = interpolate(optionalString(job.name, `${where}.name`) ?? id, context, `${where}.name`);
      return { id, name, matrix, steps };
    });
  });
}

function stepTitle(step: Step, context: ExpressionContext): string {
  if (step.name !== undefined) return interpolate(step.name, context, `${step.where}.name`);
  return step.uses !== undefined ? `Run ${step.uses}` : `Run ${(step.run ?? '').split('\n')[0] ?? ''}`;
}

function interpolateAll(
  values: Readonly<Record<string, string>>,
  context: ExpressionContext,
  where: string,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [key, interpolate(value, context, `${where}.${key}`)]),
  );
}

/** Runs a `run:` step in its own process group, so that what it leaves running can be stopped with the job. */
async function runShell(
  step: Step,
  script: string,
  env: Record<string, string>,
  temp: string,
  groups: number[],
): Promise<{ exitCode: number; outputs: Record<string, string> }> {
  const scriptFile = path.join(temp, `step-${groups.length}.sh`);
  const outputFile = path.join(temp, `output-${groups.length}`);
  await Promise.all([writeFile(scriptFile, script), writeFile(outputFile, '')]);
  const shellArgs = step.shell === 'bash' ? ['--noprofile', '--norc', '-eo', 'pipefail'] : ['-e'];
  const child = spawn('bash', [...shellArgs, scriptFile], {
    cwd: ROOT,
    env: { ...env, GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: path.join(temp, 'summary.md') },
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  if (child.pid !== undefined) groups.push(child.pid);
  const exitCode = await new Promise<number>((resolve) => {
    const timer = setTimeout(() => {
      console.log(`::error::${step.where} ran longer than ${RUN_STEP_TIMEOUT_MS / 1000} s and was stopped`);
      stopGroup(child.pid);
    }, RUN_STEP_TIMEOUT_MS);
    child.once('error', () => {
      clearTimeout(timer);
      resolve(-1);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code ?? -1);
    });
  });
  return { exitCode, outputs: parseOutputFile(await readFile(outputFile, 'utf8')) };
}

function stopGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    // The group has already exited.
  }
}

async function runActionStep(
  inputs: Record<string, string>,
  env: Record<string, string>,
  where: string,
): Promise<{ exitCode: number; outputs: Record<string, string> }> {
  const declared = Object.keys(await declaredInputDefaults());
  const undeclared = Object.keys(inputs).filter((name) => !declared.includes(name));
  if (undeclared.length > 0) fail(`${where}.with`, `${undeclared.join(', ')} is not an input of action.yml`);
  const run = await runBundle(inputs, env, ROOT);
  process.stdout.write(shownLog(run.stdout) + run.stderr);
  assertNoLeaks(run, Object.values(KEYS));
  for (const [name, value] of Object.entries(run.outputs)) {
    if (name !== 'result') console.log(`  output ${name.padEnd(17)} ${value}`);
  }
  return { exitCode: run.exitCode, outputs: run.outputs };
}

/**
 * This machine's environment for `run:` steps, less the files through which a step changes its job's
 * environment: when `npm run self-test` runs inside a real job, it must not change that job.
 */
function hostEnvironment(): Record<string, string> {
  const jobFiles = new Set(['GITHUB_ENV', 'GITHUB_PATH', 'GITHUB_STATE']);
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && !jobFiles.has(entry[0]),
    ),
  );
}

async function runJob(job: Job, workflowName: string): Promise<boolean> {
  const temp = await mkdtemp(path.join(tmpdir(), 'publish-agent-self-test-'));
  const runner = {
    ...GITHUB_ENV,
    GITHUB_WORKFLOW: workflowName,
    GITHUB_JOB: job.id,
    GITHUB_WORKSPACE: ROOT,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    RUNNER_OS: 'Linux',
    RUNNER_TEMP: temp,
  };
  const steps = new Map<string, StepResult>();
  const context: ExpressionContext = { matrix: job.matrix, steps };
  const groups: number[] = [];
  let failed = false;
  try {
    for (const step of job.steps) {
      const title = stepTitle(step, context);
      if (failed) {
        console.log(`⏭  ${title}: skipped, an earlier step failed`);
        continue;
      }
      const setup = LOCAL_SETUP.find((candidate) => candidate.matches(step));
      if (setup !== undefined) {
        console.log(`⏭  ${title}: done already (${setup.why})`);
        continue;
      }
      console.log(`▶  ${title}`);
      const env = interpolateAll(step.env, context, `${step.where}.env`);
      const { exitCode, outputs } =
        step.run !== undefined
          ? await runShell(
              step,
              interpolate(step.run, context, `${step.where}.run`),
              { ...hostEnvironment(), ...runner, ...env },
              temp,
              groups,
            )
          : await runActionStep(
              interpolateAll(step.with, context, `${step.where}.with`),
              { PATH: process.env.PATH ?? '', ...runner, ...env },
              step.where,
            );
      const outcome = exitCode === 0 ? 'success' : 'failure';
      const conclusion = step.continueOnError ? 'success' : outcome;
      if (step.id !== undefined) steps.set(step.id, { outputs, outcome, conclusion });
      if (outcome === 'failure') {
        const note = step.continueOnError ? ' (continue-on-error: the job goes on)' : '';
        console.log(`✗  ${title}: exit code ${exitCode}${note}`);
      }
      failed = conclusion === 'failure';
    }
  } finally {
    groups.forEach(stopGroup);
    await rm(temp, { recursive: true, force: true });
  }
  return !failed;
}

/** Runs every job of the workflow file, one after another, and reports which passed. */
export async function runWorkflowLocally(file: string): Promise<JobReport[]> {
  const text = await readFile(file, 'utf8');
  const jobs = readJobs(text);
  const name = scalar(record(parse(text), 'the workflow').name ?? path.basename(file), 'name');
  const reports: JobReport[] = [];
  for (const job of jobs) {
    console.log(`\n━━━ ${job.name} ━━━`);
    reports.push({ name: job.name, passed: await runJob(job, name) });
  }
  return reports;
}
