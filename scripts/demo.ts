// `npm run demo`: runs the committed dist/index.js as the runner would, against the local emulator,
// one publish per provider, and prints each step's outputs and job summary.
import { startEmulator } from '../test/emulator/server.ts';
import { KEYS, PUBLISHABLE, type ProviderName } from '../test/emulator/seed.ts';
import { runAction, shownLog } from '../test/support/run-action.ts';

const emulator = await startEmulator();
let failed = 0;
try {
  for (const [provider, agentId] of Object.entries(PUBLISHABLE) as [ProviderName, string][]) {
    const run = await runAction({
      provider,
      'agent-id': agentId,
      'api-key': KEYS[provider],
      'base-url': emulator.baseUrls[provider],
    });
    if (run.exitCode !== 0) failed++;
    console.log(`\n━━━ ${provider}: exit ${run.exitCode} ━━━`);
    console.log(shownLog(run.stdout).trimEnd());
    console.log('\nOutputs:');
    for (const [name, value] of Object.entries(run.outputs)) {
      if (name !== 'result') console.log(`  ${name.padEnd(17)} ${value}`);
    }
    console.log('\nJob summary:\n');
    console.log(run.summary);
  }
} finally {
  await emulator.close();
}
process.exit(failed === 0 ? 0 : 1);
