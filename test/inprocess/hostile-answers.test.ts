// Every hostile provider text (test/emulator/hostile.ts) as a provider's status or error message, and as
// the GitHub API's answers, against the action in-process (see hostile-provider.test.ts).
import { HOSTILE_PROVIDER_TEXT } from '../emulator/hostile.ts';
import { describeHostileAnswers } from '../support/hostile-runs.ts';
import { runInProcess } from '../support/run-in-process.ts';

describeHostileAnswers(HOSTILE_PROVIDER_TEXT, runInProcess);
