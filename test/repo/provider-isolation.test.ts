// A fifth provider must be one folder in src/providers/ and one registry line: no other source file may
// know a provider by name, not even in an example or a comment.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { providers } from '../../src/providers/index.ts';
import { ROOT } from '../support/run-action.ts';

const outside = readdirSync(path.join(ROOT, 'src'), { recursive: true, encoding: 'utf8' }).filter(
  (file) => file.endsWith('.ts') && !file.startsWith(`providers${path.sep}`),
);

describe('provider names stay in src/providers/', () => {
  it('finds source files to check', () => {
    expect(outside.length).toBeGreaterThan(10);
  });

  it.each(providers.map((adapter) => [adapter.displayName, adapter] as const))('%s', (_name, adapter) => {
    // Not inside a longer word, but inside RETELL_API_KEY or retellAgent.
    const name = new RegExp(`(?<![a-z])(${adapter.name}|${adapter.displayName})(?![a-z])`, 'i');
    const mentions = outside.filter((file) => name.test(readFileSync(path.join(ROOT, 'src', file), 'utf8')));
    expect(mentions).toEqual([]);
  });
});

describe('each provider in a folder of its own', () => {
  it('leaves only the registry and the shared interface beside the folders', () => {
    const files = readdirSync(path.join(ROOT, 'src', 'providers'), { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => entry.name);
    expect(files.toSorted()).toEqual(['index.ts', 'test-capability.ts', 'types.ts']);
  });

  it.each(providers.map((adapter) => [adapter.name] as const))('src/providers/%s/adapter.ts', (name) => {
    expect(existsSync(path.join(ROOT, 'src', 'providers', name, 'adapter.ts'))).toBe(true);
  });
});
