// `npm run emulator [-- --port N]`: runs the emulator until SIGINT/SIGTERM (port 0, the default,
// picks a free one) and prints, per provider, its base URL, key and seeded agents.

import { parseArgs } from 'node:util';
import { CATALOGUE, fleetLine, ROUTES } from './catalogue.ts';
import { KEYS, PROVIDERS } from './seed.ts';
import { startEmulator } from './server.ts';

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' } } });
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`--port must be an integer from 0 to 65535, got ${values.port}`);
  process.exit(2);
}

const emulator = await startEmulator({ port });
const lines = [`Provider emulator on ${emulator.origin}`];
// The provider lines keep the form `  <provider> base <url>  key <key>`: the self-test workflow reads it.
for (const provider of PROVIDERS) {
  lines.push('', `  ${provider.padEnd(9)} base ${emulator.baseUrls[provider]}  key ${KEYS[provider]}`);
  const width = Math.max(...CATALOGUE[provider].map((agent) => agent.id.length));
  for (const agent of CATALOGUE[provider])
    lines.push(`    ${agent.id.padEnd(width)}  ${agent.name}: ${agent.state}. A publish: ${agent.publish}.`);
  lines.push(`    ${fleetLine(provider)}.`);
  for (const route of ROUTES[provider] ?? []) lines.push(`    ${route.kind} ${route.id}: ${route.routes}.`);
}
lines.push(
  '',
  `Requests received: GET ${emulator.origin}/_emulator/requests. Back to the seed: POST ${emulator.origin}/_emulator/reset.`,
  `Run the action against it: env 'INPUT_PROVIDER=…' 'INPUT_AGENT-ID=…' 'INPUT_API-KEY=…' 'INPUT_BASE-URL=…' node dist/index.js`,
  `Readings of the providers' open points (JSON, see test/emulator/readings.ts): GET|POST ${emulator.origin}/_emulator/readings.`,
  'Ctrl-C to stop.',
);
console.log(lines.join('\n'));

const stop = (): void => {
  emulator.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
