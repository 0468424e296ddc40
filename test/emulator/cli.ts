// Runs the emulator until SIGINT/SIGTERM: node test/emulator/cli.ts [--port N]

import { parseArgs } from 'node:util';
import { KEYS, PROVIDERS } from './seed.ts';
import { startEmulator } from './server.ts';

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' } } });
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`--port must be an integer from 0 to 65535, got ${values.port}`);
  process.exit(2);
}

const emulator = await startEmulator({ port });
const width = Math.max(...PROVIDERS.map((provider) => emulator.baseUrls[provider].length));
const lines = [`Provider emulator on ${emulator.origin}`];
for (const provider of PROVIDERS) {
  lines.push(
    `  ${provider.padEnd(9)} base ${emulator.baseUrls[provider].padEnd(width)}  key ${KEYS[provider]}`,
  );
}
lines.push(
  `  control   GET ${emulator.origin}/_emulator/requests   POST ${emulator.origin}/_emulator/reset`,
  `  readings  GET|POST ${emulator.origin}/_emulator/readings (JSON, see test/emulator/readings.ts)`,
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
