// What a reader copies must work: every YAML block of the README and docs/ parses, its workflows pass
// actionlint, and it uses this action by its one name, with inputs and outputs action.yml declares.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { agentInputNames } from '../../src/inputs/agent.ts';
import { providers } from '../../src/providers/index.ts';
import {
  blockProblems,
  repositoryName,
  yamlBlocks,
  type ActionInterface,
  type YamlBlock,
} from '../support/docs-yaml.ts';
import { ROOT } from '../support/run-action.ts';

const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const DOCS = [
  'README.md',
  ...readdirSync(path.join(ROOT, 'docs')).flatMap((name) => (name.endsWith('.md') ? [`docs/${name}`] : [])),
];

const metadata = parse(read('action.yml')) as { inputs: object; outputs: object };
const packageJson = JSON.parse(read('package.json')) as { repository?: unknown };
const repository = repositoryName(packageJson.repository) ?? '';
const action: ActionInterface = {
  repository,
  inputs: new Set(Object.keys(metadata.inputs)),
  outputs: new Set(Object.keys(metadata.outputs)),
  manifestKeys: new Set([...agentInputNames(providers), 'name', 'api-key-env']),
};
const blocks: YamlBlock[] = DOCS.flatMap((file) => yamlBlocks(read(file), file));

describe('the YAML of the README and docs/', () => {
  it('has the README quick start and a workflow in every scenario file', () => {
    expect(blocks.filter((block) => block.file === 'README.md').length).toBeGreaterThanOrEqual(6);
    expect(new Set(blocks.map((block) => block.file))).toEqual(
      new Set(['README.md', 'docs/manifest.md', 'docs/deployments.md', 'docs/canary-and-rollback.md']),
    );
  });

  it.each(blocks.map((block) => [`${block.file}:${block.line}`, block] as const))(
    '%s parses, lints and matches action.yml',
    async (_, block) => {
      expect(await blockProblems(block, action)).toEqual([]);
    },
  );
});

describe('the README inputs block', () => {
  it('lists every input of action.yml, in its order, with its default', () => {
    const inputs = metadata.inputs as Record<string, { default?: string | number | boolean }>;
    const block = blocks.find(
      (candidate) =>
        candidate.file === 'README.md' &&
        /^\s+with:/m.test(candidate.text) &&
        candidate.text.startsWith('- uses:'),
    );
    const steps = parse(block?.text ?? '[]') as { with?: Record<string, unknown> }[];
    const listed = Object.entries(steps[0]?.with ?? {}).map(([name, value]) => [name, String(value)]);
    expect(listed).toEqual(
      Object.entries(inputs).map(([name, input]) => [name, String(input.default ?? '')]),
    );
  });
});

describe("the action's name", () => {
  it('is package.json repository, an owner/name on GitHub', () => {
    expect(packageJson.repository).toEqual({ type: 'git', url: `git+https://github.com/${repository}.git` });
    expect(repository).toMatch(/^[\w.-]+\/publish-agent$/);
  });

  it('is the one every example uses, prose included', () => {
    const named = DOCS.flatMap((file) =>
      [...read(file).matchAll(/uses: ([^\s`]*publish-agent)@/g)].map((match) => `${file}: ${match[1] ?? ''}`),
    );
    expect(named.length).toBeGreaterThan(8);
    expect(named.filter((entry) => !entry.endsWith(`: ${repository}`))).toEqual([]);
  });

  it('is the one every link to the repository names', () => {
    const linked = DOCS.flatMap((file) =>
      [...read(file).matchAll(/github\.com\/([\w.-]+\/publish-agent)\b/g)].map((match) => match[1] ?? ''),
    );
    expect(linked.length).toBeGreaterThan(0);
    expect(linked.filter((name) => name !== repository)).toEqual([]);
  });
});

describe('the docs YAML check', () => {
  const quickStart = (text: string): YamlBlock => ({ file: 'README.md', line: 10, text });
  const workflow = `on: push
jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - uses: ${repository}@v1
        id: publish
        with:
          provider: retell
          agent-id: agent_1
      - env:
          VERSION: \${{ steps.publish.outputs.version }}
        run: echo "$VERSION"
`;

  it('passes a valid workflow', async () => {
    expect(await blockProblems(quickStart(workflow), action)).toEqual([]);
  });

  it('finds a run line GitHub rejects (a plain scalar holding ": ")', async () => {
    const broken = workflow.replace(
      '      - env:\n          VERSION: ${{ steps.publish.outputs.version }}\n        run: echo "$VERSION"\n',
      '      - run: echo "Live now: version ${{ steps.publish.outputs.version }}"\n',
    );
    expect(await blockProblems(quickStart(broken), action)).toEqual([
      expect.stringMatching(/^README\.md:10: does not parse: /),
    ]);
  });

  it('finds an input, an output and an owner action.yml and package.json do not know', async () => {
    const broken = workflow
      .replace('agent-id:', 'agent_id:')
      .replace('outputs.version', 'outputs.live-version')
      .replace(`${repository}@`, '<owner>/publish-agent@');
    expect(await blockProblems(quickStart(broken), action)).toEqual([
      `README.md:10: uses "<owner>/publish-agent@v1", not ${repository}@… (package.json repository)`,
      'README.md:10: with: "agent_id" is not an input in action.yml',
      'README.md:10: steps.publish.outputs.live-version: "live-version" is not an output in action.yml',
    ]);
  });

  it('reports actionlint findings at their line in the Markdown file', async () => {
    const broken = workflow.replace(
      'runs-on: ubuntu-latest',
      'runs-on: ubuntu-latest\n    timeout-minute: 5',
    );
    expect(await blockProblems(quickStart(broken), action)).toEqual([
      expect.stringMatching(/^README\.md:14:\d+: unexpected key "timeout-minute"/),
    ]);
  });

  it('finds a manifest key an entry does not take', async () => {
    const manifest = '- provider: retell\n  agent-id: agent_1\n  api_key_env: X\n';
    expect(await blockProblems(quickStart(manifest), action)).toEqual([
      'README.md:10: manifest entry 1: "api_key_env" is not a key a manifest entry takes',
    ]);
  });

  it('finds each block and its first line', () => {
    const markdown = 'Text\n\n```yaml\na: 1\n```\n\n```sh\nnpm ci\n```\n\n  ```yml\n  b: 2\n  ```\n';
    expect(yamlBlocks(markdown, 'x.md')).toEqual([
      { file: 'x.md', line: 4, text: 'a: 1\n' },
      { file: 'x.md', line: 12, text: '  b: 2\n' },
    ]);
  });

  it('reads owner/name from each form of repository', () => {
    expect(repositoryName('github:acme/publish-agent')).toBe('acme/publish-agent');
    expect(repositoryName({ url: 'git+https://github.com/acme/publish-agent.git' })).toBe(
      'acme/publish-agent',
    );
    expect(repositoryName(undefined)).toBeUndefined();
  });
});
