// The test gate inputs of one agent: which of the platform's tests must pass before the release moves
// any call (`tests`), and how many of them (`min-pass-rate`). Pure, like the other rules of one agent;
// shared with the manifest.
import { InputError } from '../errors.ts';
import type { Operation, ProviderAdapter, TestGateRequest } from '../providers/types.ts';
import { attempt, number } from './values.ts';

/** The most tests one platform batch takes (200); a longer list is more likely a paste gone wrong. */
const MAX_TESTS = 200;
const TEST_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;

function readTestIds(raw: string): readonly string[] {
  const fix =
    "Set tests to attached, or to the platform's test ids separated by commas or new lines (empty: no test gate).";
  const ids = [
    ...new Set(
      raw
        .split(/[,\n]/)
        .map((part) => part.trim())
        .filter((part) => part !== ''),
    ),
  ];
  const bad = ids.find((id) => !TEST_ID.test(id));
  if (bad !== undefined) throw new InputError('tests', 'contains a value that is not a test id', fix, bad);
  if (ids.length === 0) throw new InputError('tests', 'lists no test', fix, raw);
  if (ids.length > MAX_TESTS)
    throw new InputError(
      'tests',
      `lists ${ids.length} tests; at most ${MAX_TESTS} are allowed`,
      'Split them over several steps.',
    );
  return ids;
}

/** What `tests` asks of this provider, or the reason it cannot. */
function readTests(raw: string, adapter: ProviderAdapter): TestGateRequest['tests'] {
  if (adapter.tests === undefined)
    throw new InputError(
      'tests',
      `is not supported for ${adapter.displayName}: it has no API to run an agent's tests`,
      `Remove tests (and min-pass-rate); test the agent in the ${adapter.displayName} dashboard before releasing it.`,
    );
  if (raw.toLowerCase() !== 'attached') return readTestIds(raw);
  if (!adapter.tests.attached)
    throw new InputError(
      'tests',
      `is "attached", but ${adapter.displayName} attaches no tests to an agent`,
      `List the ${adapter.displayName} test ids to run instead, separated by commas or new lines.`,
    );
  return 'attached';
}

/** `tests` and `min-pass-rate`; undefined when no gate is asked for. Only a publish is gated. Problems go to `errors`. */
export function readTestGate(
  rawTests: string,
  rawRate: string,
  adapter: ProviderAdapter,
  operation: Operation,
  errors: InputError[],
  warnings: string[],
): TestGateRequest | undefined {
  if (rawTests === '') {
    if (rawRate !== '')
      warnings.push('Input "min-pass-rate" is ignored: tests is empty, so no test gate runs.');
    return undefined;
  }
  if (operation !== 'publish') {
    warnings.push(`Input "tests" is ignored: the test gate runs before a publish, not a ${operation}.`);
    return undefined;
  }
  // Both are read, so that a wrong rate is reported together with a refused list.
  const tests = attempt(errors, () => readTests(rawTests, adapter), undefined);
  const minPassRate = attempt(
    errors,
    () => number('min-pass-rate', rawRate, 100, { min: 0, max: 100, integer: false }),
    100,
  );
  return tests === undefined ? undefined : Object.freeze({ tests, minPassRate });
}
