// The traffic inputs of one agent: which routes (phone numbers) a step moves and what share of their
// calls the released version gets. Pure, like the other rules of one agent; shared with the manifest.
import { InputError } from '../errors.ts';
import type { Operation, ProviderAdapter, TrafficRequest } from '../providers/types.ts';

/** E.164: "+", a country code that does not start with 0, at most 15 digits in all. */
const E164 = /^\+[1-9]\d{6,14}$/;
/** A step that moves more numbers than this is more likely a pasted list gone wrong than a release. */
const MAX_PHONE_NUMBERS = 50;
export const ALL_TRAFFIC_BASIS_POINTS = 10_000;

/** `phone-numbers`: comma or newline separated, duplicates dropped, each in E.164 form. */
export function readPhoneNumbers(raw: string): string[] {
  const fix =
    'Set phone-numbers to numbers in E.164 form (+ country code and digits, e.g. +14155550100), separated by commas or new lines.';
  const numbers = [
    ...new Set(
      raw
        .split(/[,\n]/)
        .map((part) => part.trim())
        .filter((part) => part !== ''),
    ),
  ];
  const bad = numbers.find((number) => !E164.test(number));
  if (bad !== undefined)
    throw new InputError('phone-numbers', 'contains a number not in E.164 form', fix, bad);
  if (numbers.length === 0) throw new InputError('phone-numbers', 'lists no number', fix, raw);
  if (numbers.length > MAX_PHONE_NUMBERS)
    throw new InputError(
      'phone-numbers',
      `lists ${numbers.length} numbers; at most ${MAX_PHONE_NUMBERS} are allowed`,
      'Split them over several steps or manifest entries.',
    );
  return numbers;
}

/** `traffic-percent`: 1 to 100 with at most two decimals, as basis points (an exact integer). */
export function readTrafficPercent(raw: string): number {
  if (raw === '') return ALL_TRAFFIC_BASIS_POINTS;
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(raw.replace(/\s*%$/, ''));
  const basisPoints =
    match?.[1] === undefined ? NaN : Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (!(basisPoints >= 100 && basisPoints <= ALL_TRAFFIC_BASIS_POINTS))
    throw new InputError(
      'traffic-percent',
      'must be a number from 1 to 100 (at most two decimals)',
      'Set traffic-percent to the share of calls for the new version, e.g. 10 for a canary or 100 to move all calls.',
      raw,
    );
  return basisPoints;
}

/** A step that routes no calls (no routing, or an unpublish): nothing, unless a traffic input asks for some. */
function refuseUnrouted(input: string | undefined, adapter: ProviderAdapter): TrafficRequest | undefined {
  if (input === undefined) return undefined;
  if (adapter.routing === undefined)
    throw new InputError(
      input,
      `is not supported for ${adapter.displayName}: it does not route calls between versions`,
      `Remove ${input}; publishing makes the version live for ${adapter.displayName}.`,
    );
  throw new InputError(
    input,
    'applies only to publish and rollback',
    `Remove ${input} from the unpublish step.`,
  );
}

/**
 * The traffic a step asks for, or undefined when it routes none. A provider without routing, or an
 * operation that routes nothing, refuses the inputs rather than ignoring them: a release engineer who
 * asked for a canary must not get a full release.
 */
export function readTraffic(
  numbersRaw: string,
  percentRaw: string,
  adapter: ProviderAdapter,
  operation: Operation,
): TrafficRequest | undefined {
  const given = [
    numbersRaw === '' ? undefined : 'phone-numbers',
    percentRaw === '' ? undefined : 'traffic-percent',
  ];
  const [input] = given.filter((name) => name !== undefined);
  const routing = adapter.routing;
  if (routing === undefined || operation === 'unpublish') return refuseUnrouted(input, adapter);
  if (routing.targets === 'agent' && numbersRaw !== '')
    throw new InputError(
      'phone-numbers',
      `is not supported for ${adapter.displayName}: it splits the agent's own traffic, not phone numbers`,
      "Remove phone-numbers; traffic-percent sets the share of the agent's calls.",
    );
  const basisPoints = readTrafficPercent(percentRaw);
  if (operation === 'rollback' && basisPoints !== ALL_TRAFFIC_BASIS_POINTS)
    throw new InputError(
      'traffic-percent',
      'applies only to publish: a rollback moves all calls back',
      'Remove traffic-percent from the rollback step.',
      percentRaw,
    );
  if (routing.targets === 'agent') return Object.freeze({ targets: Object.freeze([]), basisPoints });
  if (numbersRaw === '') {
    if (operation === 'rollback')
      throw new InputError(
        'phone-numbers',
        `is required for a ${adapter.displayName} rollback: it moves phone numbers back to an earlier version`,
        'Set phone-numbers to the numbers to move back (E.164, e.g. +14155550100).',
      );
    if (percentRaw === '') return undefined;
    throw new InputError(
      'traffic-percent',
      'needs phone-numbers: it is the share of calls on each listed number',
      'Set phone-numbers to the numbers that route to this agent (E.164, e.g. +14155550100).',
    );
  }
  return Object.freeze({ targets: Object.freeze(readPhoneNumbers(numbersRaw)), basisPoints });
}
