// Every hostile provider text (test/emulator/hostile.ts) against the action in-process, in what it logs of
// names, descriptions, versions and manifests: the fake runner prints info lines through the action's own
// fence, as the runner's side does. Statuses, errors and GitHub's answers: hostile-answers.test.ts. A
// sample also runs through the bundle (test/e2e/hostile-provider.test.ts), where @actions/core prints them.
import { HOSTILE_PROVIDER_TEXT } from '../emulator/hostile.ts';
import { describeHostileProviderText } from '../support/hostile-runs.ts';
import { runInProcess } from '../support/run-in-process.ts';

describeHostileProviderText(HOSTILE_PROVIDER_TEXT, runInProcess);
