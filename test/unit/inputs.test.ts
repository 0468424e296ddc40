import { describe, expect, it } from 'vitest';
import { ActionError, InputError, InputErrors } from '../../src/errors.ts';
import { closest } from '../../src/inputs/suggest.ts';
import { readInputs, type InputSource } from '../../src/inputs/index.ts';
import { providers } from '../../src/providers/index.ts';
import type { Trigger } from '../../src/inputs/context.ts';
import { KEYS, PUBLISHABLE } from '../emulator/seed.ts';
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { apiKeyProblem } from '../../src/inputs/agent.ts';
import { inputsBesidesKey } from '../../src/inputs/key-reuse.ts';
import { HOSTILE_INPUTS, NEVER_QUOTED } from '../support/hostile-inputs.ts';
import { TAG_PUSH } from '../support/trigger.ts';
import { Deadline } from '../../src/timing.ts';
import { virtualClock } from '../support/virtual-clock.ts';

const UUID = '550e8400-e29b-41d4-a716-446655440000';
const KEY = 'k3y_5ecret-value';

const tagPush = TAG_PUSH;
const dispatch: Trigger = { ...tagPush, eventName: 'workflow_dispatch', ref: 'refs/heads/main' };

/** The steps' clock: the deadline counts on it. */
const clock = virtualClock();

function source(inputs: Record<string, string>, env: Record<string, string> = {}): InputSource {
  return { input: (name) => (inputs[name] ?? '').trim(), env: (name) => env[name], clock };
}

function parse(inputs: Record<string, string>, trigger = tagPush, env: Record<string, string> = {}) {
  const result = readInputs(source({ 'api-key': KEY, ...inputs }, env), trigger, providers);
  const [request] = result.requests;
  if (request === undefined) throw new Error('no request');
  return { request, warnings: result.warnings };
}

function inputError(inputs: Record<string, string>, env: Record<string, string> = {}): InputError {
  try {
    readInputs(source(inputs, env), tagPush, providers);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('readInputs', () => {
  it('reads a Retell publish with defaults and freezes it', () => {
    const { request, warnings } = parse({ provider: 'Retell', 'agent-id': 'agent_abc123', version: 'v7' });
    expect(request.adapter.name).toBe('retell');
    expect(request.target).toEqual({
      agentId: 'agent_abc123',
      operation: 'publish',
      version: '7',
      description: 'v1.4.0 (a1b2c3d)',
      extras: {},
    });
    expect(request.baseUrl).toBe('https://api.retellai.com');
    expect(request.settings).toEqual({
      onUnchanged: 'succeed',
      verify: true,
      dryRun: false,
      timeoutMs: 30_000,
      maxRetries: 3,
      deadline: new Deadline(900_000, clock),
    });
    expect(warnings).toEqual([]);
    expect(Object.isFrozen(request)).toBe(true);
    expect(Object.isFrozen(request.target)).toBe(true);
  });

  it('builds the default description from the workflow run outside a tag push', () => {
    const { request } = parse({ provider: 'retell', 'agent-id': 'agent_abc' }, dispatch);
    expect(request.target.description).toBe('Release #42 (a1b2c3d)');
  });

  it('shortens a default description to the provider limit but refuses a long one given by the user', () => {
    const longWorkflow = { ...dispatch, workflow: 'W'.repeat(150) };
    const { request } = parse({ provider: 'langdock', 'agent-id': UUID }, longWorkflow);
    expect(request.target.description).toHaveLength(100);
    expect(request.target.description.endsWith('…')).toBe(true);
    const error = inputError({
      provider: 'langdock',
      'agent-id': UUID,
      'api-key': KEY,
      description: 'd'.repeat(101),
    });
    expect(error.input).toBe('description');
    expect(error.message).toContain('is 101 characters; Langdock takes at most 100');
  });

  it('reads the key from the provider environment variable when api-key is empty', () => {
    const result = readInputs(
      source({ provider: 'diga', 'agent-id': UUID }, { DIGA_API_KEY: `${KEY}\n` }),
      tagPush,
      providers,
    );
    expect(result.requests[0]?.apiKey).toBe(KEY);
  });

  it('resolves Diga versions given as a number or a UUID, and phone ids', () => {
    const byNumber = parse({
      provider: 'diga',
      'agent-id': UUID,
      version: 'V3',
      'inbound-phone-number-id': UUID.toUpperCase(),
    });
    expect(byNumber.request.target.version).toBe('3');
    expect(byNumber.request.target.extras).toEqual({ 'inbound-phone-number-id': UUID });
    expect(byNumber.request.target.description).toBe('');
    expect(parse({ provider: 'diga', 'agent-id': UUID, version: UUID }).request.target.version).toBe(UUID);
  });

  it('warns about inputs the provider ignores', () => {
    const { warnings } = parse({
      provider: 'talkover',
      'agent-id': UUID,
      version: '3',
      description: 'notes',
      'outbound-phone-number-id': UUID,
    });
    expect(warnings).toEqual([
      'Input "version" is ignored: Talkover has no versions to choose from; it publishes the agent as it is.',
      'Input "description" is ignored: Talkover takes no version description.',
      'Input "outbound-phone-number-id" is ignored: Talkover does not take it.',
    ]);
  });

  it('ignores phone ids on unpublish with a warning', () => {
    const { request, warnings } = parse({
      provider: 'diga',
      'agent-id': UUID,
      operation: 'unpublish',
      'inbound-phone-number-id': UUID,
    });
    expect(request.target.extras).toEqual({});
    expect(warnings).toEqual(['Input "inbound-phone-number-id" is ignored: it applies only to publish.']);
  });

  it('strips /api/v1 from a Talkover base-url copied from the docs', () => {
    const { request } = parse({
      provider: 'talkover',
      'agent-id': UUID,
      'base-url': 'https://voice.example.com/api/v1/',
    });
    expect(request.baseUrl).toBe('https://voice.example.com');
  });

  it('keeps a Langdock dedicated deployment path prefix', () => {
    const { request } = parse({
      provider: 'langdock',
      'agent-id': UUID,
      'base-url': 'https://ld.example.com/api/public/',
    });
    expect(request.baseUrl).toBe('https://ld.example.com/api/public');
  });

  it('accepts plain http only for loopback hosts', () => {
    for (const url of ['http://localhost:8080', 'http://127.0.0.1:9/x', 'http://[::1]:3000']) {
      expect(parse({ provider: 'retell', 'agent-id': 'a1', 'base-url': url }).request.baseUrl).toBe(
        url.replace(/\/$/, ''),
      );
    }
  });

  it('reads settings', () => {
    const { request } = parse({
      provider: 'retell',
      'agent-id': 'a1',
      'on-unchanged': 'FAIL',
      verify: 'False',
      'dry-run': 'TRUE',
      'timeout-seconds': '2.5',
      'max-retries': '0',
      'deadline-seconds': '60',
    });
    expect(request.settings).toEqual({
      onUnchanged: 'fail',
      verify: false,
      dryRun: true,
      timeoutMs: 2500,
      maxRetries: 0,
      deadline: new Deadline(60_000, clock),
    });
  });

  it('reads a deployment environment and its token only when environment is set', () => {
    const token = 'ghs_t0ken';
    const recorded = parse({
      provider: 'retell',
      'agent-id': 'a1',
      environment: 'Retell Production (EU)',
      'github-token': token,
    });
    expect(recorded.request.settings.deployment).toEqual({ environment: 'Retell Production (EU)', token });
    expect(Object.isFrozen(recorded.request.settings.deployment)).toBe(true);
    const off = parse({ provider: 'retell', 'agent-id': 'a1', 'github-token': '' });
    expect(off.request.settings.deployment).toBeUndefined();
  });

  it('reads the run settings; plan-only implies a dry run', () => {
    const base = { provider: 'Retell', 'agent-id': 'a1', 'api-key': KEY };
    const defaults = readInputs(source(base), tagPush, providers);
    expect(defaults.run).toEqual({ concurrency: 4, failFast: false, planOnly: false });
    expect(defaults.manifest).toBe(false);
    const inputs = { ...base, concurrency: '12', 'fail-fast': 'true', 'plan-only': 'true' };
    const planned = readInputs(source(inputs), tagPush, providers);
    expect(planned.run).toEqual({ concurrency: 12, failFast: true, planOnly: true });
    expect(planned.requests[0]?.settings.dryRun).toBe(true);
    expect(planned.requests[0]?.inputs).toEqual({ provider: 'retell', 'agent-id': 'a1' });
  });
});

describe('readInputs refuses bad input, naming the input, the value and the fix', () => {
  const base = { provider: 'retell', 'agent-id': 'agent_1', 'api-key': KEY };
  it.each(HOSTILE_INPUTS.map((hostile) => [hostile.name, hostile] as const))('%s', (_name, hostile) => {
    const error = inputError({
      provider: hostile.provider,
      'agent-id': PUBLISHABLE[hostile.provider],
      'api-key': KEY,
      ...hostile.inputs,
    });
    expect(error.input).toBe(hostile.input);
    expect(`${error.message} ${error.hint}`).toContain(hostile.says);
    expect(error.hint).not.toBe('');
    for (const secret of NEVER_QUOTED) expect(`${error.message} ${error.hint}`).not.toContain(secret);
  });

  it.each([
    ['a space', 'abc def'],
    ['a line break', 'abc\ndef'],
    ['a tab', 'abc\tdef'],
    ['a non-printable character', 'abc\u0000def'],
  ])('refuses a key with %s and never quotes it', (_name, key) => {
    const error = inputError({ ...base, 'api-key': key });
    expect(error.input).toBe('api-key');
    expect(`${error.message}${error.hint}`).not.toContain('abc');
  });

  it('says how long an environment name is, and the most GitHub takes', () => {
    const error = inputError({ ...base, environment: 'e'.repeat(256) });
    expect(error.message).toMatch(/^Input "environment" is 256 characters; GitHub takes at most 255/);
  });

  it('names an operation the provider has no API for', () => {
    const error = inputError({ ...base, operation: 'unpublish' });
    expect(error.message).toMatch(/^Input "operation" is "unpublish", which Retell has no API for/);
  });

  it('never quotes the github-token', () => {
    const error = inputError({ ...base, environment: 'prod', 'github-token': 'ghs_abc def' });
    expect(error.input).toBe('github-token');
    expect(`${error.message}${error.hint}`).not.toContain('ghs_abc');
  });

  it('refuses a UUID as a Retell agent id, before any request, and accepts the shapes Retell uses', () => {
    const error = inputError({ ...base, 'agent-id': UUID });
    expect(error.input).toBe('agent-id');
    expect(error.message).toContain('is a UUID');
    expect(error.hint).toContain('agent_');
    for (const id of [
      'agent_6a1f0c2b9d8e7f3a4b5c6d7e8f',
      'oBeDLoLOeuAbiuaMFXRtDOLriTJ5tSxD',
      '16b980523634a6dc504898cda492e939',
    ])
      expect(parse({ provider: 'retell', 'agent-id': id }).request.target.agentId).toBe(id);
  });

  it('never quotes credentials found in base-url', () => {
    const error = inputError({ ...base, 'base-url': 'https://user:hunter2@x.example' });
    expect(error.message).toContain('credentials');
    expect(`${error.message}${error.hint}`).not.toContain('hunter2');
  });
});

describe('every bad input at once', () => {
  function allErrors(inputs: Record<string, string>): ActionError {
    try {
      readInputs(source(inputs), tagPush, providers);
    } catch (error) {
      if (error instanceof ActionError) return error;
      throw error;
    }
    throw new Error('expected an error');
  }

  it('lists each bad input with its own fix, like a manifest does', () => {
    const error = allErrors({
      provider: 'retell',
      'agent-id': 'agent with spaces',
      'timeout-seconds': '0',
      'dry-run': 'yes',
    });
    expect(error).toBeInstanceOf(InputErrors);
    const lines = error.message.split('\n');
    expect(lines[0]).toBe('4 inputs are wrong; nothing was sent:');
    expect(lines.slice(1).map((line) => /^- Input "([^"]+)"/.exec(line)?.[1])).toEqual([
      'agent-id',
      'dry-run',
      'timeout-seconds',
      'api-key',
    ]);
    expect(lines.slice(1).every((line) => line.includes(' Fix: '))).toBe(true);
  });

  it('keeps a single bad input as it is', () => {
    const error = allErrors({ provider: 'retell', 'agent-id': 'agent_1' });
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe('Input "api-key" is required for Retell.');
  });
});

describe('did you mean', () => {
  it.each([
    ['retel', 'retell'],
    ['Talkvoer', 'talkover'],
    ['lang', 'langdock'],
    ['Retell AI', 'retell'],
    ['Eleven Labs', 'elevenlabs'],
    ['ElevenLabs Agents', 'elevenlabs'],
  ])('suggests a provider for "%s"', (typed, meant) => {
    expect(inputError({ provider: typed, 'api-key': KEY }).hint).toMatch(
      new RegExp(`^Did you mean "${meant}"\\? Set provider to one of: `),
    );
  });

  it('suggests nothing for a provider it does not resemble', () => {
    expect(inputError({ provider: 'vapi', 'api-key': KEY }).hint).toMatch(/^Set provider to one of: /);
  });

  it('suggests an operation', () => {
    const error = inputError({ provider: 'diga', 'agent-id': UUID, operation: 'unpublsh', 'api-key': KEY });
    expect(error.hint).toBe('Did you mean "unpublish"? Set operation to one of them.');
  });

  it.each([
    ['retell', ['retell', 'diga'], 'retell'],
    ['dgia', ['retell', 'diga'], 'diga'],
    ['x', ['retell', 'diga'], undefined],
    ['talkative', ['talkover'], undefined],
    ['AI', ['retell', 'diga'], undefined],
    ['Open AI', ['retell', 'diga'], undefined],
  ])('closest("%s")', (word, candidates, expected) => {
    expect(closest(word, candidates)).toBe(expected);
  });
});

describe('keys too weak to redact, and keys pasted into another input', () => {
  const base = { provider: 'retell', 'agent-id': 'agent_1' };

  it.each([
    ['all one character', '00000000'],
    ['one letter repeated', 'aaaaaaaaaaaaaaaa'],
    ['only digits', '20240611123456'],
    ['shorter than 8 characters', 'k3y_5ec'],
  ])('refuses a key that is %s, never quoting it', (_name, key) => {
    const error = inputError({ ...base, 'api-key': key });
    expect(error.input).toBe('api-key');
    expect(`${error.message}${error.hint}`).not.toContain(key);
  });

  it('names the variable the weak key came from', () => {
    const error = inputError(base, { RETELL_API_KEY: '12345678' });
    expect(error.message).toBe(
      'Input "api-key" (read from the RETELL_API_KEY variable) is only digits, which no provider\'s key is, and could not be hidden from the log safely.',
    );
  });

  it('takes every seeded key of the emulator', () => {
    for (const key of Object.values(KEYS)) expect(apiKeyProblem(key)).toBeUndefined();
  });

  it.each([['environment'], ['github-token'], ['description']])(
    'refuses the key pasted into %s, never quoting it',
    (input) => {
      const deployment = { environment: 'prod', 'github-token': 'ghs_token0123456789' };
      const error = inputError({ ...base, 'api-key': KEY, ...deployment, [input]: `x${KEY}` });
      expect(error.input).toBe(input);
      expect(error.message).toBe(`Input "${input}" holds the API key (the same text as api-key).`);
      expect(`${error.message}${error.hint}`).not.toContain(KEY);
    },
  );

  it('refuses the key of the provider variable pasted into environment', () => {
    const error = inputError(
      { ...base, environment: KEY, 'github-token': 'ghs_token0123456789' },
      { RETELL_API_KEY: KEY },
    );
    expect(error.message).toBe(
      'Input "environment" holds the API key (the same text as the RETELL_API_KEY variable).',
    );
  });

  it('checks every input action.yml declares besides api-key', async () => {
    const metadata = parseYaml(await readFile(new URL('../../action.yml', import.meta.url), 'utf8')) as {
      inputs: Record<string, unknown>;
    };
    expect(new Set([...inputsBesidesKey(providers), 'api-key'])).toEqual(
      new Set(Object.keys(metadata.inputs)),
    );
  });
});
