// The workflows of the README and docs/ that use this action, run as GitHub would run them for one
// event, against the emulator: jobs in order (`needs`, job `if`, a `strategy.matrix`), each step's
// `with:` and `env:` with every `${{ … }}` evaluated for that event, and this action's steps run by
// the bundle. `actions/checkout` is the workspace the scenario prepares; `run:` steps only have their
// expressions evaluated (what they print is the reader's business, what they read must exist).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { KEYS, PROVIDERS, type ProviderName } from '../emulator/seed.ts';
import { yamlBlocks, type YamlBlock } from './docs-yaml.ts';
import { asText, substitute, truthy, type Contexts, type Value } from './github-expressions.ts';
import { GITHUB_ENV, runAction, type ActionRun } from './run-action.ts';

/** A workflow of the docs that uses this action, named `file#heading` after the section it is in. */
export interface DocWorkflow {
  readonly key: string;
  readonly block: YamlBlock;
  /** The nearest manifest (a list of agents) above it in the same file, for a `manifest:` path. */
  readonly manifest: string | undefined;
}

export type DocEvent =
  | { readonly name: 'push'; readonly tag: string }
  | { readonly name: 'workflow_dispatch'; readonly inputs?: Readonly<Record<string, string>> };

export interface StepRun {
  readonly job: string;
  readonly matrix: Readonly<Record<string, Value>>;
  readonly run: ActionRun;
}

export interface Targets {
  /** The emulator's base URL per provider. */
  readonly baseUrls: Readonly<Record<ProviderName, string>>;
  /** The GitHub API (deployments). */
  readonly githubApi: string;
}

type Mapping = Record<string, unknown>;
const isMapping = (value: unknown): value is Mapping =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const ACTION = /(?:^|\/)publish-agent@/;

/** GitHub's anchor of a heading. */
function slug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The heading each line of a Markdown text is under (code blocks are not headings). */
function headingsByLine(markdown: string): string[] {
  let heading = '';
  let fenced = false;
  return markdown.split('\n').map((line) => {
    if (/^\s*```/.test(line)) fenced = !fenced;
    else if (!fenced && /^#{1,6} /.test(line)) heading = slug(line.replace(/^#+ /, ''));
    return heading;
  });
}

function usesAction(value: unknown): boolean {
  if (!isMapping(value) || !isMapping(value.jobs)) return false;
  return Object.values(value.jobs).some(
    (job) =>
      isMapping(job) &&
      Array.isArray(job.steps) &&
      job.steps.some((step) => isMapping(step) && typeof step.uses === 'string' && ACTION.test(step.uses)),
  );
}

/** Every workflow of these Markdown files that uses this action. */
export function docWorkflows(files: Readonly<Record<string, string>>): DocWorkflow[] {
  return Object.entries(files).flatMap(([file, markdown]) => {
    const headings = headingsByLine(markdown);
    let manifest: string | undefined;
    const found: DocWorkflow[] = [];
    for (const block of yamlBlocks(markdown, file)) {
      const value = parse(block.text) as unknown;
      if (Array.isArray(value) && value.every((entry) => isMapping(entry) && 'provider' in entry))
        manifest = block.text;
      if (usesAction(value))
        found.push({ key: `${file}#${headings[block.line - 1] ?? ''}`, block, manifest });
    }
    return found;
  });
}

/** Each provider's key variable, and the second Retell workspace the examples name, hold the demo keys. */
const SECRETS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(PROVIDERS.map((provider) => [`${provider.toUpperCase()}_API_KEY`, KEYS[provider]])),
  RETELL_API_KEY_EU: KEYS.retell,
};

interface Run {
  readonly workflow: Mapping;
  readonly event: DocEvent;
  readonly targets: Targets;
  readonly workspace: string;
  readonly steps: StepRun[];
}

/** The `inputs` context: the form's defaults, then the choices given; a value the form does not offer throws. */
function dispatchInputs(workflow: Mapping, event: DocEvent): Record<string, Value> {
  if (event.name !== 'workflow_dispatch') return {};
  const on = isMapping(workflow.on) ? workflow.on : {};
  const form =
    isMapping(on.workflow_dispatch) && isMapping(on.workflow_dispatch.inputs)
      ? on.workflow_dispatch.inputs
      : {};
  const inputs: Record<string, Value> = {};
  for (const [name, spec] of Object.entries(form)) {
    const field = isMapping(spec) ? spec : {};
    const given = event.inputs?.[name];
    if (Array.isArray(field.options) && given !== undefined && !field.options.includes(given))
      throw new Error(`inputs.${name}: "${given}" is not one of the form's options`);
    const value = given ?? asText((field.default ?? '') as Value);
    inputs[name] = field.type === 'boolean' ? value === 'true' : value;
  }
  const unknown = Object.keys(event.inputs ?? {}).filter((name) => !(name in form));
  if (unknown.length > 0) throw new Error(`the form has no input ${unknown.join(', ')}`);
  return inputs;
}

function eventEnv(event: DocEvent): Record<string, string> {
  return event.name === 'push'
    ? { GITHUB_EVENT_NAME: 'push', GITHUB_REF: `refs/tags/${event.tag}` }
    : { GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_REF: 'refs/heads/main' };
}

function githubContext(event: DocEvent): Value {
  const env = eventEnv(event);
  return {
    event_name: env.GITHUB_EVENT_NAME ?? '',
    ref: env.GITHUB_REF ?? '',
    ref_name: (env.GITHUB_REF ?? '').replace(/^refs\/(tags|heads)\//, ''),
    sha: GITHUB_ENV.GITHUB_SHA,
    token: '${{ github.token }}',
  };
}

/** The step's inputs as the runner passes them; a provider step is pointed at the emulator. */
function stepInputs(step: Mapping, contexts: Contexts, targets: Targets): Record<string, string> {
  const given = isMapping(step.with) ? step.with : {};
  const inputs = Object.fromEntries(
    Object.entries(given).map(([name, value]) => [
      name,
      asText(substitute(asText(value as Value), contexts)),
    ]),
  );
  const provider = inputs.provider?.toLowerCase() as ProviderName | undefined;
  if (provider !== undefined && provider in targets.baseUrls && !inputs['base-url'])
    inputs['base-url'] = targets.baseUrls[provider];
  // A github.token the runner resolves is the declared default; run-action.ts gives it its value.
  if (inputs['github-token'] === '${{ github.token }}') delete inputs['github-token'];
  return inputs;
}

function stepEnv(step: Mapping, contexts: Contexts): Record<string, string> {
  const env = isMapping(step.env) ? step.env : {};
  return Object.fromEntries(
    Object.entries(env).map(([name, value]) => [name, asText(substitute(asText(value as Value), contexts))]),
  );
}

async function runSteps(
  run: Run,
  job: string,
  steps: unknown[],
  contexts: Record<string, Value>,
): Promise<Record<string, Value>> {
  const outputsById: Record<string, Value> = {};
  for (const step of steps.filter(isMapping)) {
    const all = { ...contexts, steps: outputsById };
    const env = stepEnv(step, all);
    if (typeof step.uses !== 'string' || !ACTION.test(step.uses)) continue;
    const inputs = stepInputs(step, all, run.targets);
    const result = await runAction(inputs, {
      ...eventEnv(run.event),
      GITHUB_API_URL: run.targets.githubApi,
      GITHUB_WORKSPACE: run.workspace,
      ...env,
    });
    run.steps.push({
      job,
      matrix: isMapping(contexts.matrix) ? contexts.matrix : {},
      run: result,
    });
    if (typeof step.id === 'string')
      outputsById[step.id] = {
        outputs: result.outputs,
        outcome: result.exitCode === 0 ? 'success' : 'failure',
      };
    if (result.exitCode !== 0) break;
  }
  return outputsById;
}

/** One job, once per matrix entry; its outputs from the last entry, as GitHub keeps one. */
async function runJob(run: Run, id: string, job: Mapping, needs: Record<string, Value>): Promise<Value> {
  const base: Record<string, Value> = {
    github: githubContext(run.event),
    inputs: dispatchInputs(run.workflow, run.event),
    secrets: SECRETS,
    needs,
  };
  if (job.if !== undefined && !truthy(substitute(`\${{ ${asText(job.if as Value)} }}`, base)))
    return { outputs: {}, result: 'skipped' };
  const strategy = isMapping(job.strategy) ? job.strategy : {};
  const matrix =
    strategy.matrix === undefined ? undefined : substitute(asText(strategy.matrix as Value), base);
  const entries: Value[] = isMapping(matrix) && Array.isArray(matrix.include) ? matrix.include : [{}];
  let steps: Record<string, Value> = {};
  for (const entry of entries)
    steps = await runSteps(run, id, Array.isArray(job.steps) ? job.steps : [], { ...base, matrix: entry });
  const declared = isMapping(job.outputs) ? job.outputs : {};
  const outputs = Object.fromEntries(
    Object.entries(declared).map(([name, value]) => [
      name,
      asText(substitute(asText(value as Value), { ...base, steps })),
    ]),
  );
  return { outputs, result: 'success' };
}

/** The manifest a workflow names by path, written into the workspace with each entry pointed at the emulator. */
async function prepareWorkspace(doc: DocWorkflow, workflow: Mapping, targets: Targets): Promise<string> {
  const workspace = await mkdtemp(path.join(tmpdir(), 'publish-agent-scenario-'));
  const named = /manifest: ([\w./-]+\.ya?ml)\b/.exec(doc.block.text)?.[1];
  if (named !== undefined && doc.manifest !== undefined && isMapping(workflow.jobs)) {
    const entries = (parse(doc.manifest) as Mapping[]).map((entry) => ({
      ...entry,
      'base-url': targets.baseUrls[String(entry.provider) as ProviderName],
    }));
    await mkdir(path.dirname(path.join(workspace, named)), { recursive: true });
    await writeFile(path.join(workspace, named), stringify(entries));
  }
  return workspace;
}

/** Runs the workflow for one event; every run of this action's steps, in order. */
export async function runDocWorkflow(
  doc: DocWorkflow,
  event: DocEvent,
  targets: Targets,
): Promise<StepRun[]> {
  const workflow = parse(doc.block.text) as Mapping;
  const workspace = await prepareWorkspace(doc, workflow, targets);
  const run: Run = { workflow, event, targets, workspace, steps: [] };
  try {
    const needs: Record<string, Value> = {};
    for (const [id, job] of Object.entries(isMapping(workflow.jobs) ? workflow.jobs : {})) {
      if (!isMapping(job)) continue;
      const wanted = job.needs === undefined ? [] : [job.needs].flat().map(String);
      const missing = wanted.filter((name) => !(name in needs));
      if (missing.length > 0) throw new Error(`job ${id} needs ${missing.join(', ')}, listed after it`);
      needs[id] = await runJob(
        run,
        id,
        job,
        Object.fromEntries(wanted.map((name) => [name, needs[name] ?? null])),
      );
    }
  } finally {
    await rm(workspace, { recursive: true, force: true });
  }
  return run.steps;
}
