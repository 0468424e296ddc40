import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { providers } from '../../src/providers/index.ts';
import { agentInputNames } from '../../src/inputs/agent.ts';
import { OUTPUT_NAMES } from '../../src/action/outputs.ts';
import { interfaceProblems, type InterfaceSources } from '../support/action-interface.ts';
import { ROOT } from '../support/run-action.ts';

const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

/** The branding colors the Marketplace accepts. */
const BRANDING_COLORS = ['white', 'black', 'yellow', 'blue', 'green', 'orange', 'red', 'purple', 'gray-dark'];
/** Feather icons GitHub leaves out of the branding set. */
const OMITTED_ICONS = [
  'coffee',
  'columns',
  'divide-circle',
  'divide-square',
  'divide',
  'frown',
  'hexagon',
  'key',
];
/** Feather icons (v4.28) checked by hand against GitHub's branding list; pick a new icon from there and add it. */
const CHECKED_ICONS = ['upload-cloud', 'upload', 'send', 'radio', 'phone-call', 'mic', 'cloud', 'git-merge'];

describe('action.yml meets the Marketplace rules', () => {
  const metadata = parse(read('action.yml')) as {
    name?: unknown;
    description?: unknown;
    author?: unknown;
    branding?: { icon?: unknown; color?: unknown };
  };

  it('has a name and an author', () => {
    expect(metadata.name).toEqual(expect.any(String));
    expect(String(metadata.name).trim()).not.toBe('');
    expect(metadata.author).toEqual(expect.any(String));
  });

  it('has a description under 125 characters that names the five providers', () => {
    const description = String(metadata.description);
    expect(description.length).toBeLessThan(125);
    for (const provider of providers) expect(description).toContain(provider.displayName);
    expect(description).toContain('Retell AI');
    expect(providers).toHaveLength(5);
  });

  it('has branding the Marketplace shows: a supported Feather icon and a listed color', () => {
    const icon = String(metadata.branding?.icon);
    expect(CHECKED_ICONS).toContain(icon);
    expect(OMITTED_ICONS).not.toContain(icon);
    expect(BRANDING_COLORS).toContain(metadata.branding?.color);
  });

  it('says what package.json says, whose version is the newest release in CHANGELOG.md', () => {
    const pkg = JSON.parse(read('package.json')) as { version: string; description: string };
    for (const provider of providers) expect(pkg.description).toContain(provider.displayName);
    const released = [...read('CHANGELOG.md').matchAll(/^## \[(\d+\.\d+\.\d+)\] - \d{4}-\d{2}-\d{2}$/gm)];
    expect(released[0]?.[1]).toBe(pkg.version);
  });
});

describe('action.yml', () => {
  it('lists every status the step ends in, as the README does', () => {
    const statuses = ['published', 'unpublished', 'rolled-back', 'unchanged', 'dry-run', 'failed', 'partial'];
    const metadata = parse(read('action.yml')) as { outputs: { status: { description: string } } };
    const readmeRow = /^\| `status` .*$/m.exec(read('README.md'))?.[0] ?? '';
    for (const status of statuses) {
      expect(metadata.outputs.status.description).toContain(status);
      expect(readmeRow).toContain(`\`${status}\``);
    }
  });

  it('runs the bundle on node24', () => {
    const metadata = parse(read('action.yml')) as { runs: unknown };
    expect(metadata.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });

  it('declares exactly the inputs and outputs the code uses, each documented in the README', () => {
    const code = readdirSync(path.join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .map((file) => ({ path: `src/${file}`, text: read(path.join('src', file)) }));
    expect(
      interfaceProblems({
        actionYml: read('action.yml'),
        readme: read('README.md'),
        code,
        // One agent's inputs, common and per-provider, are read from this list (also in a manifest).
        extraInputs: agentInputNames(providers),
        listedOutputs: OUTPUT_NAMES,
        // main.ts's InputSource and readInputs' value() forward input(name) to core.getInput, and
        // src/action/core.ts's getInput to @actions/core's; readExtras and the manifest's
        // readStepInputs read the names in agentInputNames; pastedKey (single step and manifest) reads every
        // input but api-key, by the names of src/inputs/key-reuse.ts, which inputs.test.ts holds to action.yml's.
        computedReaders: ['input', 'value', 'getInput', 'readExtras', 'readStepInputs', 'pastedKey'],
      }),
    ).toEqual([]);
  });
});

describe('the action.yml ↔ code ↔ README check, on a fixture', () => {
  const dir = 'test/fixtures/action-interface';
  const fixture: InterfaceSources = {
    actionYml: read(`${dir}/action.yml`),
    readme: read(`${dir}/README.md`),
    code: [{ path: 'reader.ts', text: read(`${dir}/reader.ts`) }],
    extraInputs: ['phone'],
    listedOutputs: ['result'],
    computedReaders: ['readExtras'],
  };
  const declare = (yml: string) =>
    yml.replace('inputs:\n', 'inputs:\n  concurrency:\n    description: Agents at once.\n');
  const document = (readme: string) =>
    readme.replace(/( {4}dry-run: .*\n)/, '$1    # Agents at once.\n    concurrency: 4\n');
  const readIt = (code: InterfaceSources['code']) =>
    code.map((file) => ({
      ...file,
      text: `${file.text}\nexport const concurrency = (source: InputSource) => source.input('concurrency');\n`,
    }));

  it('passes when the three places agree (prose and other tables are not read as the interface)', () => {
    expect(interfaceProblems(fixture)).toEqual([]);
  });

  it('fails when an input is added to action.yml only', () => {
    expect(interfaceProblems({ ...fixture, actionYml: declare(fixture.actionYml) })).toEqual([
      'input "concurrency" is declared in action.yml but not read by the code nor in the README with: block',
    ]);
  });

  it('fails when an input is added to the README only', () => {
    expect(interfaceProblems({ ...fixture, readme: document(fixture.readme) })).toEqual([
      'input "concurrency" is in the README with: block but not declared in action.yml nor read by the code',
    ]);
  });

  it('fails when an input is added to the code only', () => {
    expect(interfaceProblems({ ...fixture, code: readIt(fixture.code) })).toEqual([
      'input "concurrency" is read by the code but not declared in action.yml nor in the README with: block',
    ]);
  });

  it('fails when one place of three is missed, and passes once all three have it', () => {
    const all = {
      ...fixture,
      actionYml: declare(fixture.actionYml),
      readme: document(fixture.readme),
      code: readIt(fixture.code),
    };
    expect(interfaceProblems(all)).toEqual([]);
    expect(interfaceProblems({ ...all, readme: fixture.readme })).toEqual([
      'input "concurrency" is declared in action.yml and read by the code but not in the README with: block',
    ]);
  });

  it('fails when an output is set by the code only', () => {
    const code = [
      {
        path: 'reader.ts',
        text: `${fixture.code[0]?.text ?? ''}\nexport const extra = (core: Core) => { core.setOutput('extra', ''); };\n`,
      },
    ];
    expect(interfaceProblems({ ...fixture, code })).toEqual([
      'output "extra" is set by the code but not declared in action.yml nor in the README outputs table',
    ]);
  });

  it('fails on an input read by a computed name it cannot see', () => {
    const text = `${fixture.code[0]?.text ?? ''}\nexport function readMore(source: InputSource, name: string) {\n  return source.input(name);\n}\n`;
    expect(interfaceProblems({ ...fixture, code: [{ path: 'reader.ts', text }] })).toEqual([
      expect.stringMatching(/^reader\.ts:\d+: readMore reads an input by a computed name/),
    ]);
  });
});
