import * as core from './action/core.ts';
import { run } from './main.ts';
import { startupTimings } from './timing.ts';

for (const line of startupTimings()) core.debug(line);

try {
  await run(core.actionsRunner);
} catch (error) {
  // run() reports every expected failure itself; this is the last line against a bug printing a stack trace only.
  core.setFailed(
    `publish-agent: unexpected error: ${error instanceof Error ? error.message : String(error)}`,
  );
}
