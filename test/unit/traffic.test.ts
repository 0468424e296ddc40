// The traffic inputs and the exact arithmetic of route weights.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { readInputs, type InputSource } from '../../src/inputs/index.ts';
import { providers } from '../../src/providers/index.ts';
import { planShares, sameShares } from '../../src/routing/split.ts';
import type { RouteAsk, Share } from '../../src/providers/types.ts';
import { percentText, spread, unitsOf, weightNumber, weightText } from '../../src/routing/weights.ts';
import { TAG_PUSH } from '../support/trigger.ts';
import { virtualClock } from '../support/virtual-clock.ts';

const UUID = '550e8400-e29b-41d4-a716-446655440000';

function read(inputs: Record<string, string>) {
  const source: InputSource = {
    input: (name) => inputs[name] ?? '',
    env: () => undefined,
    clock: virtualClock(),
  };
  const [request] = readInputs(source, TAG_PUSH, providers).requests;
  return request?.target;
}

function inputError(inputs: Record<string, string>): InputError {
  try {
    read(inputs);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

const retell = (inputs: Record<string, string>) => ({
  provider: 'retell',
  'agent-id': 'agent_abc',
  'api-key': 'key_12345678',
  ...inputs,
});

describe('traffic inputs', () => {
  it('reads numbers separated by commas or lines, once each, and the percent as basis points', () => {
    const target = read(
      retell({ 'phone-numbers': '+14155550101, +14155550102\n+14155550101', 'traffic-percent': '12.5' }),
    );
    expect(target?.traffic).toEqual({ targets: ['+14155550101', '+14155550102'], basisPoints: 1250 });
    expect(read(retell({ 'phone-numbers': '+14155550101' }))?.traffic?.basisPoints).toBe(10_000);
    expect(read(retell({}))?.traffic).toBeUndefined();
  });

  it('refuses a number not in E.164 form, quoting it', () => {
    expect(inputError(retell({ 'phone-numbers': '+14155550101,4155550102' })).message).toBe(
      'Input "phone-numbers" contains a number not in E.164 form (got "4155550102").',
    );
  });

  it.each(['0', '0.5', '101', '10.123', 'ten', '-5'])('refuses traffic-percent %s', (percent) => {
    const error = inputError(retell({ 'phone-numbers': '+14155550101', 'traffic-percent': percent }));
    expect(error.input).toBe('traffic-percent');
  });

  it('refuses traffic-percent without phone-numbers, and a rollback without them', () => {
    expect(inputError(retell({ 'traffic-percent': '10' })).message).toContain('needs phone-numbers');
    expect(inputError(retell({ operation: 'rollback' })).message).toContain(
      'is required for a Retell rollback',
    );
  });

  it('refuses a rollback of part of the calls', () => {
    const error = inputError(
      retell({ operation: 'rollback', 'phone-numbers': '+14155550101', 'traffic-percent': '10' }),
    );
    expect(error.message).toContain('a rollback moves all calls back');
  });

  it('refuses the inputs for a provider that does not route calls', () => {
    const error = inputError({
      provider: 'diga',
      'agent-id': UUID,
      'api-key': 'key_12345678',
      'phone-numbers': '+14155550101',
    });
    expect(error.message).toBe(
      'Input "phone-numbers" is not supported for Diga: it does not route calls between versions.',
    );
  });

  it.each([
    ['talkover', 'Talkover keeps no versions to go back to (operation: unpublish takes the agent offline)'],
    ['langdock', "Langdock's API keeps no earlier versions to go back to"],
  ])('refuses a %s rollback, saying why', (provider, why) => {
    const error = inputError({
      provider,
      'agent-id': UUID,
      'api-key': 'key_12345678',
      operation: 'rollback',
    });
    expect(error.message).toContain(why);
  });

  it('takes a Diga rollback, with or without a version', () => {
    const target = read({
      provider: 'diga',
      'agent-id': UUID,
      'api-key': 'key_12345678',
      operation: 'rollback',
    });
    expect(target?.operation).toBe('rollback');
    expect(target?.traffic).toBeUndefined();
  });
});

describe('weights', () => {
  it('are exact decimals in millionths', () => {
    expect([1_000_000, 100_000, 125_000, 1, 0].map(weightText)).toEqual([
      '1',
      '0.1',
      '0.125',
      '0.000001',
      '0',
    ]);
    expect(unitsOf(0.1)).toBe(100_000);
    expect(unitsOf(1.5)).toBeNaN();
    expect(weightNumber(900_000)).toBe(0.9);
    expect(['0.1', '1', '0.125', '0.3333'].map(percentText)).toEqual(['10 %', '100 %', '12.5 %', '33.33 %']);
  });

  it('spread the rest exactly, largest remainders first', () => {
    expect(spread(1_000_000, [1, 1, 1])).toEqual([333_334, 333_333, 333_333]);
    expect(spread(10, [0, 0])).toEqual([10, 0]);
  });
});

describe('planShares', () => {
  const own = (version: string, weight: string): Share => ({ version, weight });
  const canary = (basisPoints: number): RouteAsk => ({
    kind: 'share',
    version: { number: '8' },
    basisPoints,
    previous: { number: '7' },
  });

  it('gives the new version its share and leaves the rest where it was', () => {
    expect(planShares([own('7', '1')], canary(1000), { target: 'r' }).after).toEqual([
      own('8', '0.1'),
      own('7', '0.9'),
    ]);
  });

  it('splits the rest over earlier versions in their proportions, summing to exactly 1', () => {
    const planned = planShares([own('6', '0.333333'), own('7', '0.666667')], canary(1000), { target: 'r' });
    expect(planned.units.reduce((a, b) => a + b, 0)).toBe(1_000_000);
    expect(planned.after).toEqual([own('8', '0.1'), own('6', '0.3'), own('7', '0.6')]);
  });

  it("keeps another agent's entry and splits only this agent's part", () => {
    const other: Share = { version: '3', weight: '0.5', agentId: 'agent_b' };
    expect(planShares([own('7', '0.5'), other], canary(1000), { target: 'r' }).after).toEqual([
      own('8', '0.05'),
      own('7', '0.45'),
      other,
    ]);
  });

  it('pins a floating entry to the previous version when part of the calls stay', () => {
    const planned = planShares(
      [own('latest_published', '1')],
      canary(2500),
      { target: 'r' },
      {
        floating: 'latest_published',
      },
    );
    expect(planned.after).toEqual([own('8', '0.25'), own('7', '0.75')]);
  });

  it('refuses weights as read that do not add up to 1, saying what they add up to and how to fix them', () => {
    const other: Share = { version: '3', weight: '0.5', agentId: 'agent_b' };
    const route = { target: '+14155550101', direction: 'inbound' } as const;
    expect(() => planShares([own('7', '1'), other], canary(1000), route)).toThrow(
      /^The weights of \+14155550101 inbound add up to 1\.5, not 1 \(.+\), so its shares cannot be read\.$/,
    );
  });

  it('is unchanged when asked again for the same split', () => {
    const before = [own('8', '0.1'), own('7', '0.9')];
    expect(sameShares(planShares(before, canary(1000), { target: 'r' }).after, before)).toBe(true);
  });

  it('promotes: all calls to the new version', () => {
    expect(planShares([own('8', '0.1'), own('7', '0.9')], canary(10_000), { target: 'r' }).after).toEqual([
      own('8', '1'),
    ]);
  });
});
