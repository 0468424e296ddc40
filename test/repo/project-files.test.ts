// The project's workflows, dependabot.yml and action.yml are linted like code: a workflow that
// GitHub would reject, or a key GitHub would silently ignore, fails `npm test`.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintWorkflow, SCHEMAS, schemaProblems } from '../support/lint-project-files.ts';
import { ROOT } from '../support/run-action.ts';

const WORKFLOWS = path.join(ROOT, '.github', 'workflows');
const read = (...parts: string[]) => readFileSync(path.join(ROOT, ...parts), 'utf8');

describe('the workflows', () => {
  const files = readdirSync(WORKFLOWS).filter((name) => /\.ya?ml$/.test(name));

  it('are the CI, self-test and release workflows', () => {
    expect(files.sort()).toEqual(['ci.yml', 'release.yml', 'self-test.yml']);
  });

  it.each(files)('%s passes actionlint', async (name) => {
    expect(await lintWorkflow(read('.github', 'workflows', name), `.github/workflows/${name}`)).toEqual([]);
  });
});

describe('the workflow lint', () => {
  const valid = read('.github', 'workflows', 'self-test.yml');

  it('finds a reference to an output of a step that does not exist', async () => {
    const broken = valid.replace('steps.publish.outputs.version', 'steps.publsh.outputs.version');
    expect(await lintWorkflow(broken, 'self-test.yml')).toEqual([
      expect.stringMatching(/property "publsh" is not defined/),
    ]);
  });

  it('finds a key GitHub does not know', async () => {
    const broken = valid.replace('    timeout-minutes: 10\n', '    timeout-minute: 10\n');
    expect((await lintWorkflow(broken, 'self-test.yml')).join('\n')).toMatch(
      /unexpected key "timeout-minute"/,
    );
  });

  it('finds a duplicate key, which YAML parsers disagree about', async () => {
    const broken = valid.replace(
      '    timeout-minutes: 10\n',
      '    timeout-minutes: 10\n    timeout-minutes: 5\n',
    );
    expect((await lintWorkflow(broken, 'self-test.yml')).join('\n')).toMatch(/unique/i);
  });
});

describe('dependabot.yml', () => {
  const text = read('.github', 'dependabot.yml');

  it('matches the Dependabot schema', () => {
    expect(schemaProblems(text, 'dependabot.yml', SCHEMAS.dependabot)).toEqual([]);
  });

  it('updates npm packages and GitHub Actions, grouped', () => {
    const ecosystems = [...text.matchAll(/package-ecosystem: (\S+)/g)].map((match) => match[1]);
    expect(ecosystems).toEqual(['npm', 'github-actions']);
    expect(text.match(/^ {4}groups:$/gm)).toHaveLength(2);
  });

  it('fails on a misspelt option', () => {
    const broken = text.replace('    schedule:\n', '    schedul:\n');
    expect(schemaProblems(broken, 'dependabot.yml', SCHEMAS.dependabot)).toContain(
      'dependabot.yml at /updates/0: must NOT have additional properties (schedul)',
    );
  });
});

describe('action.yml', () => {
  const text = read('action.yml');

  it('matches the action metadata schema', () => {
    expect(schemaProblems(text, 'action.yml', SCHEMAS.action)).toEqual([]);
  });

  it('fails on an input without a description, or an unknown runtime', () => {
    const broken = text
      .replace(/(\n {2}provider:\n) {4}description: .*\n/, '$1')
      .replace('using: node24', 'using: node12');
    expect(schemaProblems(broken, 'action.yml', SCHEMAS.action)).toEqual([
      "action.yml at /inputs/provider: must have required property 'description'",
      'action.yml at /runs/using: must be equal to one of the allowed values',
    ]);
  });
});
