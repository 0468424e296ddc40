import { describe, expect, it } from 'vitest';
import { ManifestError } from '../../src/errors.ts';
import type { InputSource } from '../../src/inputs/index.ts';
import { readManifest } from '../../src/manifest/validate.ts';
import { parseManifest } from '../../src/manifest/parse.ts';
import { providers } from '../../src/providers/index.ts';
import { TAG_PUSH } from '../support/trigger.ts';
import { virtualClock } from '../support/virtual-clock.ts';

const UUID = '550e8400-e29b-41d4-a716-446655440000';
const ENV = { RETELL_API_KEY: 'key_retell', DIGA_API_KEY: 'key_diga', TALKOVER_API_KEY: 'key_talkover' };

function source(inputs: Record<string, string> = {}, env: Record<string, string> = ENV): InputSource {
  return { input: (name) => (inputs[name] ?? '').trim(), env: (name) => env[name], clock: virtualClock() };
}

function read(text: string, inputs: Record<string, string> = {}, env: Record<string, string> = ENV) {
  return readManifest(parseManifest(text), source(inputs, env), TAG_PUSH, providers);
}

function problems(text: string, inputs: Record<string, string> = {}, env: Record<string, string> = ENV) {
  try {
    read(text, inputs, env);
  } catch (error) {
    if (error instanceof ManifestError) return error.problems.map((p) => `${p.where ?? '-'}: ${p.message}`);
    throw error;
  }
  throw new Error('expected a ManifestError');
}

describe('readManifest', () => {
  it('reads every entry with the single-agent rules, its key, and the step settings', () => {
    const parsed = read(
      [
        '- name: front-desk',
        '  provider: Retell',
        '  agent-id: agent_abc',
        '  version: 7',
        '- provider: diga',
        `  agent-id: ${UUID.toUpperCase()}`,
        '  operation: unpublish',
        '  api-key-env: DIGA_EU_KEY',
      ].join('\n'),
      { 'dry-run': 'true', concurrency: '6', 'fail-fast': 'true' },
      { ...ENV, DIGA_EU_KEY: 'key_diga_eu\n' },
    );
    expect(parsed.manifest).toBe(true);
    expect(parsed.run).toEqual({ concurrency: 6, failFast: true, planOnly: false });
    const [retell, diga] = parsed.requests;
    expect(retell).toMatchObject({
      name: 'front-desk',
      apiKey: 'key_retell',
      apiKeyEnv: 'RETELL_API_KEY',
      baseUrl: 'https://api.retellai.com',
      target: { agentId: 'agent_abc', version: '7', description: 'v1.4.0 (a1b2c3d)', operation: 'publish' },
      settings: { dryRun: true, verify: true },
      inputs: { provider: 'retell', 'agent-id': 'agent_abc', version: '7' },
    });
    expect(diga).toMatchObject({
      apiKey: 'key_diga_eu',
      apiKeyEnv: 'DIGA_EU_KEY',
      target: { agentId: UUID, operation: 'unpublish' },
    });
    expect(diga?.name).toBeUndefined();
    expect(Object.isFrozen(retell)).toBe(true);
  });

  it('refuses two entries that route one number, or bind one phone, naming both and the route', () => {
    const UUID2 = '550e8400-e29b-41d4-a716-446655440001';
    const UUID3 = '550e8400-e29b-41d4-a716-446655440002';
    const found = problems(
      [
        '- {name: front, provider: retell, agent-id: a1, phone-numbers: "+14155550101"}',
        '- {name: back, provider: retell, agent-id: a2, phone-numbers: "+14155550102, +14155550101"}',
        `- {provider: diga, agent-id: ${UUID}, inbound-phone-number-id: ${UUID3}}`,
        `- {provider: diga, agent-id: ${UUID2}, outbound-phone-number-id: ${UUID3}}`,
      ].join('\n'),
    );
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(
      /^entry 2 "back" \(line 2\): routes Retell \+14155550101, which entry 1 "front" \(line 1\)/,
    );
    expect(found[1]).toMatch(
      new RegExp(`^entry 4 \\(line 4\\): routes Diga ${UUID3}, which entry 3 \\(line 3\\)`),
    );
  });

  it('uses api-key when every entry has the same provider', () => {
    const parsed = read(`- {provider: retell, agent-id: a1}\n- {provider: retell, agent-id: a2}`, {
      'api-key': 'key_from_input',
    });
    expect(parsed.requests.map((request) => request.apiKey)).toEqual(['key_from_input', 'key_from_input']);
  });

  it('prefixes the single-agent warnings with the entry', () => {
    const parsed = read(`- provider: talkover\n  agent-id: ${UUID}\n  version: 3`);
    expect(parsed.warnings).toEqual([
      'entry 1 (line 1): "version" is ignored: Talkover has no versions to choose from; it publishes the agent as it is.',
    ]);
  });

  it('lists every problem at once, each with its entry and line', () => {
    const text = [
      '- provider: retell', // 1
      '  agent-id: a1', //     2
      '  verison: 3', //       3
      '- name: eu', //         4
      '  provider: diga', //   5
      '  agent-id: nope', //   6
      '  base-url: http://diga.example.com', // 7
      '- provider: retell', // 8
      '  agent-id: a1', //     9
      '- name: eu', //         10
      '  provider: talkover', // 11
      `  agent-id: ${UUID}`, // 12
      '  description: [a]', // 13
    ].join('\n');
    expect(problems(text)).toEqual([
      'entry 1 (line 3): has an unknown key "verison".',
      'entry 2 "eu" (line 6): "agent-id" is not a UUID: expected a UUID such as 550e8400-e29b-41d4-a716-446655440000 (got "nope").',
      'entry 2 "eu" (line 7): "base-url" must use https:// (http:// only for localhost) (got "http://diga.…").',
      'entry 4 "eu" (line 13): "description" must be text, not a list.',
      'entry 3 (line 9): repeats Retell agent a1 of entry 1 (line 2).',
    ]);
  });

  it('reports a repeated name and a missing key once for all its entries', () => {
    const text = [
      `- {name: a, provider: talkover, agent-id: ${UUID}}`,
      '- {name: a, provider: retell, agent-id: r1}',
      '- {provider: retell, agent-id: r2}',
    ].join('\n');
    expect(problems(text, {}, { TALKOVER_API_KEY: 'key_talkover' })).toEqual([
      'entry 2 "a" (line 2): has the name of entry 1 "a" (line 1).',
      'entries 2, 3: RETELL_API_KEY is not set, so there is no Retell key.',
    ]);
  });

  it('refuses single-agent inputs beside the manifest, and an empty manifest', () => {
    expect(problems('[]', { provider: 'retell', operation: 'unpublish' })).toEqual([
      '-: Input "provider" cannot be used together with manifest.',
      '-: Input "operation" cannot be used together with manifest.',
      '-: lists no agents.',
    ]);
  });

  it('never quotes a key written into the manifest', () => {
    const listed = problems('- {provider: retell, agent-id: a1, api-key: key_secret_123}');
    expect(listed).toEqual(['entry 1 (line 1): "api-key" does not belong in a manifest: keys are secrets.']);
    expect(listed.join()).not.toContain('key_secret_123');
  });

  it('reads scalars as the text written and refuses lists and mappings', () => {
    const parsed = read('- {provider: retell, agent-id: a1, version: 12, name: true}');
    expect(parsed.requests[0]?.target.version).toBe('12');
    expect(parsed.requests[0]?.name).toBe('true');
    expect(problems('- {provider: retell, agent-id: a1, version: [1], name: {a: 1}}')).toEqual([
      'entry 1 (line 1): "version" must be text, not a list.',
      'entry 1 (line 1): "name" must be text, not a mapping.',
    ]);
  });
});

describe('parseManifest', () => {
  it('reads JSON with lines, and refuses an alias bomb', () => {
    const parsed = parseManifest('[\n  {"provider": "retell",\n   "agent-id": "a1"}\n]');
    expect(parsed.entries[0]?.lines.get('agent-id')).toBe(3);
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]'];
    bomb.push(
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
    );
    expect(parseManifest(bomb.join('\n')).problems[0]?.message).toMatch(
      /^cannot be read: Excessive alias count/,
    );
  });

  it('reads scalars as written, so 0x10, 1e1 and 3.0 meet the rules of the inputs (issue 13)', () => {
    const entry = (version: string, index: number) =>
      [`- provider: retell`, `  agent-id: agent_${index}`, `  version: ${version}`].join('\n');
    const found = problems(['0x10', '1e1', '3.0', '0o17'].map(entry).join('\n'));
    expect(found).toHaveLength(4);
    expect(found[0]).toContain('(got "0x10")');
    expect(found[1]).toContain('(got "1e1")');
    expect(found[2]).toContain('(got "3.0")');
    expect(found[3]).toContain('(got "0o17")');
    const parsed = read(
      [
        '- provider: retell',
        '  agent-id: agent_a',
        '  version: 7',
        '  name: 1e1',
        '  description: 0x10',
      ].join('\n'),
    );
    expect(parsed.requests[0]?.target.version).toBe('7');
    expect(parsed.requests[0]?.name).toBe('1e1');
    expect(parsed.requests[0]?.target.description).toBe('0x10');
  });

  it('never quotes api-key-env, where a key pasted by mistake is a valid variable name (issue 13)', () => {
    const pasted = 'sk_live_0123abcdefSECRETTAIL';
    const found = problems(
      [
        '- provider: retell',
        '  agent-id: agent_a',
        `  api-key-env: ${pasted}`,
        '- provider: retell',
        '  agent-id: agent_b',
        `  api-key-env: sk-live-0123/SECRETTAIL`,
      ].join('\n'),
    );
    expect(found).toHaveLength(2);
    expect(found.join('\n')).not.toContain('SECRETTAIL');
    expect(found.join('\n')).toContain('The variable "api-key-env" names is not set');
  });
});
