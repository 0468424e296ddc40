// The YAML a reader copies from the README and docs/: every ```yaml block must parse, a workflow
// must pass actionlint, a step that uses this action must name it as package.json's repository and
// give only inputs action.yml declares, and every `steps.<id>.outputs.<name>` of such a step must be
// an output action.yml declares. A manifest (a list of agents) may use only the keys an entry takes.
import { parseDocument } from 'yaml';
import { lintWorkflow } from './lint-project-files.ts';

export interface YamlBlock {
  readonly file: string;
  /** The line of the block's first YAML line in its Markdown file, 1-based. */
  readonly line: number;
  readonly text: string;
}

export interface ActionInterface {
  /** `owner/name`, from package.json's repository. */
  readonly repository: string;
  readonly inputs: ReadonlySet<string>;
  readonly outputs: ReadonlySet<string>;
  /** The keys a manifest entry takes. */
  readonly manifestKeys: ReadonlySet<string>;
}

/** Every fenced ```yaml (or ```yml) block of a Markdown text, with where it starts. */
export function yamlBlocks(markdown: string, file: string): YamlBlock[] {
  const blocks: YamlBlock[] = [];
  const lines = markdown.split('\n');
  for (let at = 0; at < lines.length; at++) {
    if (!/^\s*```ya?ml\s*$/.test(lines[at] ?? '')) continue;
    const end = lines.findIndex((line, index) => index > at && /^\s*```\s*$/.test(line));
    const body = lines.slice(at + 1, end === -1 ? undefined : end);
    blocks.push({ file, line: at + 2, text: `${body.join('\n')}\n` });
    at = end === -1 ? lines.length : end;
  }
  return blocks;
}

/** `owner/name` of a package.json repository field (a string or `{ url }`, in any of npm's forms). */
export function repositoryName(repository: unknown): string | undefined {
  const url =
    typeof repository === 'string'
      ? repository
      : typeof repository === 'object' && repository !== null && 'url' in repository
        ? String(repository.url)
        : undefined;
  return url === undefined ? undefined : /([\w.-]+\/[\w.-]+?)(?:\.git)?$/.exec(url)?.[1];
}

type Mapping = Record<string, unknown>;
const isMapping = (value: unknown): value is Mapping =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The steps of a workflow's jobs, or a block that is itself a list of steps (a `- uses:` fragment). */
function stepsOf(value: unknown): Mapping[] {
  if (Array.isArray(value)) return value.filter((item) => isMapping(item) && 'uses' in item) as Mapping[];
  if (!isMapping(value) || !isMapping(value.jobs)) return [];
  return Object.values(value.jobs).flatMap((job) =>
    isMapping(job) && Array.isArray(job.steps) ? job.steps.filter(isMapping) : [],
  );
}

const ACTION_NAME = /(?:^|\/)publish-agent@/;

function stepProblems(steps: readonly Mapping[], text: string, action: ActionInterface): string[] {
  const problems: string[] = [];
  const ours = steps.filter((step) => typeof step.uses === 'string' && ACTION_NAME.test(step.uses));
  for (const step of ours) {
    const uses = String(step.uses);
    if (!uses.startsWith(`${action.repository}@`))
      problems.push(`uses "${uses}", not ${action.repository}@… (package.json repository)`);
    const given = isMapping(step.with) ? Object.keys(step.with) : [];
    for (const key of given.filter((name) => !action.inputs.has(name)))
      problems.push(`with: "${key}" is not an input in action.yml`);
  }
  const ids = new Set(ours.flatMap((step) => (typeof step.id === 'string' ? [step.id] : [])));
  for (const [, id = '', name = ''] of text.matchAll(/\bsteps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
    if (ids.has(id) && !action.outputs.has(name))
      problems.push(`steps.${id}.outputs.${name}: "${name}" is not an output in action.yml`);
  }
  return problems;
}

/** A manifest: a list of mappings, each with a provider, and no step among them. */
function manifestProblems(value: unknown, action: ActionInterface): string[] {
  if (!Array.isArray(value) || !value.every((entry) => isMapping(entry) && 'provider' in entry)) return [];
  return (value as Mapping[]).flatMap((entry, index) =>
    Object.keys(entry)
      .filter((key) => !action.manifestKeys.has(key))
      .map((key) => `manifest entry ${index + 1}: "${key}" is not a key a manifest entry takes`),
  );
}

/** Every problem of one block, each prefixed with its file and line; empty when it is fine. */
export async function blockProblems(block: YamlBlock, action: ActionInterface): Promise<string[]> {
  const where = `${block.file}:${block.line}`;
  const document = parseDocument(block.text, { uniqueKeys: true, prettyErrors: false });
  const parseErrors = [...document.errors, ...document.warnings];
  if (parseErrors.length > 0)
    return parseErrors.map((error) => `${where}: does not parse: ${error.message.split('\n')[0] ?? ''}`);
  const value = document.toJS() as unknown;
  const problems = [
    ...stepProblems(stepsOf(value), block.text, action),
    ...manifestProblems(value, action),
  ].map((problem) => `${where}: ${problem}`);
  if (isMapping(value) && 'jobs' in value) {
    // actionlint's positions are within the block: shift them to the Markdown file's lines.
    const lint = await lintWorkflow(block.text, block.file);
    problems.push(
      ...lint.map((line) =>
        line.replace(
          /^([^:]+):(\d+):/,
          (_, file: string, at: string) => `${file}:${Number(at) + block.line - 1}:`,
        ),
      ),
    );
  }
  return problems;
}
