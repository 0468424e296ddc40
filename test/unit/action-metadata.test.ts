import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { providers } from '../../src/providers/index.ts';
import { OUTPUT_NAMES } from '../../src/report.ts';
import { ROOT } from '../support/run-action.ts';

interface Metadata {
  runs: { using: string; main: string };
  inputs: Record<string, { description: string; required?: boolean }>;
  outputs: Record<string, { description: string }>;
}

const metadata = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as Metadata;
const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

describe('action.yml', () => {
  it('runs the bundle on node24', () => {
    expect(metadata.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });

  it('declares exactly the outputs the action sets, each documented in the README', () => {
    expect(Object.keys(metadata.outputs).sort()).toEqual([...OUTPUT_NAMES].sort());
    for (const name of OUTPUT_NAMES) expect(readme).toContain(`| \`${name}\``);
  });

  it("declares every provider's own inputs, and documents every input in the README", () => {
    for (const extra of providers.flatMap((adapter) => adapter.extraInputs)) {
      expect(Object.keys(metadata.inputs)).toContain(extra.name);
    }
    for (const name of Object.keys(metadata.inputs)) expect(readme).toContain(`| \`${name}\``);
  });
});
