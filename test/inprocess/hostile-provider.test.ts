// Every hostile provider text (test/emulator/hostile.ts) against the action in-process: the fake runner
// prints info lines through the action's own fence, as the runner's side does. A sample also runs
// through the bundle (test/e2e/hostile-provider.test.ts), where @actions/core prints them.
import { HOSTILE_PROVIDER_TEXT } from '../emulator/hostile.ts';
import { describeHostileProvider } from '../support/hostile-runs.ts';
import { runInProcess } from '../support/run-in-process.ts';

describeHostileProvider(HOSTILE_PROVIDER_TEXT, runInProcess);
