// A sample of the hostile provider texts against the bundle built fresh from src/: what @actions/core
// prints for the action's log lines, errors and outputs holds no command the action did not mean to
// issue. Every text runs in-process (test/inprocess/hostile-provider.test.ts).
import { HOSTILE_PROVIDER_TEXT } from '../emulator/hostile.ts';
import { describeHostileProvider } from '../support/hostile-runs.ts';
import { runAction } from '../support/run-action.ts';

/** A command on the first line, one behind indentation on a later line, and the legacy ##[…] form. */
const SAMPLE = [0, 2, 7].map((index) => HOSTILE_PROVIDER_TEXT[index] ?? '');

describeHostileProvider(SAMPLE, runAction);
