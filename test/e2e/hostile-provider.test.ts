// One hostile provider text against the bundle built fresh from src/: what @actions/core prints for the
// action's log lines, errors and outputs holds no command the action did not mean to issue. Every text
// runs in-process (test/inprocess/hostile-provider.test.ts), where the fence is the same function.
import { expect, it } from 'vitest';
import { HOSTILE_PROVIDER_TEXT } from '../emulator/hostile.ts';
import { describeHostileAnswers, describeHostileProviderText } from '../support/hostile-runs.ts';
import { runAction } from '../support/run-action.ts';

/** A command behind indentation on a later line of the text. */
const SAMPLE = HOSTILE_PROVIDER_TEXT.filter((text) => text.startsWith('ok\n  ::set-output'));

it('has its sample', () => {
  expect(SAMPLE).toHaveLength(1);
});

describeHostileProviderText(SAMPLE, runAction);
describeHostileAnswers(SAMPLE, runAction);
